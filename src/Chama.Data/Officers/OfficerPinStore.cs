using Chama.Core;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.Officers;

/// <summary>An officer's PIN as kept: its hash, whether it is in force, the wrong tries in a row, and whether it is locked.</summary>
public sealed record OfficerPinRecord(string PinHash, bool Confirmed, int FailedTries, bool Locked);

/// <summary>
/// Officers' PINs for decisions on USSD (<see cref="OfficerPin"/>). Only hashes reach this store, and no other table
/// holds a PIN or its hash; audit entries name the officer and what happened, never the PIN. Counting a wrong try and
/// locking are one write, so tries sent at once still lock at the third.
/// </summary>
public sealed class OfficerPinStore(IDatabase database, TimeProvider clock)
{
    private sealed record Row(string PinHash, long Confirmed, long FailedTries, long? LockedAt);

    public Task<OfficerPinRecord?> FindAsync(long memberId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (connection, transaction) => await connection.QuerySingleOrDefaultAsync<Row>(
                "SELECT pin_hash AS PinHash, confirmed AS Confirmed, failed_tries AS FailedTries, locked_at AS LockedAt FROM officer_pins WHERE member_id = @memberId;",
                new { memberId },
                transaction) is { } row
                ? new OfficerPinRecord(row.PinHash, row.Confirmed == 1, (int)row.FailedTries, row.LockedAt is not null)
                : null,
            cancellationToken);

    /// <summary>
    /// Keeps a PIN an officer chose on USSD, not yet in force: it is confirmed by typing it again
    /// (<see cref="ConfirmAsync"/>). Never replaces a PIN in force; false when there is one.
    /// </summary>
    public Task<bool> ChooseAsync(long memberId, string pinHash, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await EnterMembersChamaAsync(transaction, memberId);
                return await connection.ExecuteAsync(
                    """
                    INSERT INTO officer_pins (member_id, pin_hash, confirmed, failed_tries, updated_at) VALUES (@memberId, @pinHash, 0, 0, @now)
                    ON CONFLICT (member_id) DO UPDATE SET pin_hash = excluded.pin_hash, updated_at = excluded.updated_at WHERE officer_pins.confirmed = 0;
                    """,
                    new { memberId, pinHash, now },
                    transaction) == 1;
            },
            cancellationToken);
    }

    /// <summary>The chosen PIN was typed again: it is in force from now on. False when there was none waiting.</summary>
    public Task<bool> ConfirmAsync(Member officer, string channel, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                var confirmed = await connection.ExecuteAsync(
                    "UPDATE officer_pins SET confirmed = 1, failed_tries = 0, locked_at = NULL, updated_at = @at WHERE member_id = @Id AND confirmed = 0;",
                    new { officer.Id, at = now.ToUnixTimeMilliseconds() },
                    transaction) == 1;
                if (confirmed)
                {
                    await Audit.RecordAsync(transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "pin.set", $"member:{officer.Id}", now);
                }

                return confirmed;
            },
            cancellationToken);
    }

    /// <summary>
    /// A new PIN in force at once, set by the officer signed in on the dashboard: clears the wrong tries and the lock.
    /// </summary>
    public Task ResetAsync(Member officer, string pinHash, string channel, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                await connection.ExecuteAsync(
                    """
                    INSERT INTO officer_pins (member_id, pin_hash, confirmed, failed_tries, locked_at, updated_at) VALUES (@Id, @pinHash, 1, 0, NULL, @at)
                    ON CONFLICT (member_id) DO UPDATE SET pin_hash = excluded.pin_hash, confirmed = 1, failed_tries = 0, locked_at = NULL, updated_at = excluded.updated_at;
                    """,
                    new { officer.Id, pinHash, at = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "pin.reset", $"member:{officer.Id}", now);
                return 0;
            },
            cancellationToken);
    }

    /// <summary>
    /// Counts a wrong PIN. The <see cref="OfficerPin.MaxTries"/>-th in a row locks the officer's USSD decisions, and
    /// <paramref name="lockNotices"/> (the other officers told) are queued in the same commit, once. Returns the tries
    /// so far and whether the PIN is now locked.
    /// </summary>
    public Task<(int Tries, bool Locked)> RecordWrongAsync(
        Member officer, string channel, IEnumerable<OutboundMessage> lockNotices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                await connection.ExecuteAsync(
                    "UPDATE officer_pins SET failed_tries = failed_tries + 1, updated_at = @at WHERE member_id = @Id AND confirmed = 1;",
                    new { officer.Id, at = now.ToUnixTimeMilliseconds() },
                    transaction);
                var row = await connection.QuerySingleAsync<(long Tries, long? LockedAt)>(
                    "SELECT failed_tries, locked_at FROM officer_pins WHERE member_id = @Id;", new { officer.Id }, transaction);
                if (row.LockedAt is not null)
                {
                    return ((int)row.Tries, true);
                }

                if (row.Tries < OfficerPin.MaxTries)
                {
                    return ((int)row.Tries, false);
                }

                await connection.ExecuteAsync(
                    "UPDATE officer_pins SET locked_at = @at WHERE member_id = @Id;", new { officer.Id, at = now.ToUnixTimeMilliseconds() }, transaction);
                await Audit.RecordAsync(transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "pin.locked", $"member:{officer.Id}", now);
                await Outbox.Outbox.EnqueueAllAsync(transaction, lockNotices, now);
                return ((int)row.Tries, true);
            },
            cancellationToken);
    }

    /// <summary>A right PIN: the wrong tries start again from none. False when the PIN is locked (a lock is never lifted here).</summary>
    public Task<bool> RecordRightAsync(long memberId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await EnterMembersChamaAsync(transaction, memberId);
                return await connection.ExecuteAsync(
                    "UPDATE officer_pins SET failed_tries = 0, updated_at = @now WHERE member_id = @memberId AND confirmed = 1 AND locked_at IS NULL;",
                    new { memberId, now },
                    transaction) == 1;
            },
            cancellationToken);
    }

    /// <summary>A PIN is kept by member: its write is a write of the member's chama, read first where only the member's id is known.</summary>
    private static async Task EnterMembersChamaAsync(System.Data.Common.DbTransaction transaction, long memberId)
    {
        if (await transaction.Connection!.ExecuteScalarAsync<long?>("SELECT chama_id FROM members WHERE id = @memberId;", new { memberId }, transaction) is { } chamaId)
        {
            await WriteScope.EnterChamaAsync(transaction, chamaId);
        }
    }
}
