using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.Dashboard;

public enum CodeCheck
{
    /// <summary>The code was right, unused and in time; the phone is an officer now.</summary>
    SignedIn,

    /// <summary>Wrong, expired, already used, or not an officer's: all answered alike.</summary>
    Wrong,

    /// <summary>Too many wrong codes lately for this phone or from this address; nothing was checked.</summary>
    Locked,
}

/// <summary>
/// One-time sign-in codes for the officers' dashboard. Six random digits, kept only as a salted SHA-256 hash, valid for
/// <see cref="Lifetime"/> and once. Every phone that asks gets the same answer, but a code is kept and sent (through the
/// outbox) only for an officer's phone: requests for strangers' phones leave no row behind. The one exception is a phone
/// that asks to found a chama (<see cref="IssueToFounderAsync"/>).
/// </summary>
/// <remarks>
/// Codes belong to a phone, not to a chama, so no chama is entered. A code is spent by a conditional update, so it signs
/// in once whatever runs beside it. The limits (codes asked for, wrong codes) are counts read before the write they
/// decide: each issue and each check first takes the phone's own lock (<see cref="PhoneLock"/>), so tries sent at once,
/// to one host or several, are counted one after another and a guesser cannot try more codes by sending them together.
/// Other phones' sign-ins never wait for it.
/// </remarks>
public sealed class SignInCodes(IDatabase database, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>How far back wrong codes and code requests are counted; a lock lasts until old failures leave it.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public const int MaxFailuresPerPhone = 5;

    /// <summary>
    /// Wrong codes a phone may have in <see cref="Day"/>: with it, someone guessing at an officer's codes gets 20 tries a
    /// day, not 5 every quarter of an hour (480).
    /// </summary>
    public const int MaxFailuresPerPhonePerDay = 20;

    public static readonly TimeSpan Day = TimeSpan.FromHours(24);
    public const int MaxFailuresPerAddress = 20;
    public const int MaxCodesPerPhone = 3;

    /// <summary>
    /// When <paramref name="phone"/> is an active officer's, makes a code and queues <paramref name="message"/>'s text to
    /// them in the same transaction; with <paramref name="template"/>, the message
    /// can go as that approved WhatsApp template, the code its one variable, when the officer's 24-hour window is shut. Beyond <see cref="MaxCodesPerPhone"/> codes in
    /// <see cref="Window"/> nothing more is made or sent. Returns true when a message was queued (for logs and tests only:
    /// the caller must answer the same either way).
    /// </summary>
    public Task<bool> IssueAsync(PhoneNumber phone, Func<Member, string, string> message, string? template = null, CancellationToken cancellationToken = default) =>
        IssueAsync(
            phone,
            Officer,
            async transaction => (await ChamaStore.FindMembershipsAsync(transaction, phone)).FirstOrDefault(m => m.IsOfficer) is { } officer
                ? (officer.ChamaId, officer.Id, code => message(officer, code))
                : null,
            template,
            cancellationToken);

    /// <summary>
    /// A code for whoever holds <paramref name="phone"/> and asks to found a chama on the dashboard: member or not, the
    /// phone gets it (in the same <see cref="MaxCodesPerPhone"/> per <see cref="Window"/>), and signing in with it proves the
    /// phone is theirs. It opens no chama's pages: those ask for an officer of that chama.
    /// </summary>
    public Task<bool> IssueToFounderAsync(PhoneNumber phone, Func<string, string> message, string? template = null, CancellationToken cancellationToken = default) =>
        IssueAsync(phone, Founder, _ => Task.FromResult<(long?, long?, Func<string, string>)?>((null, null, message)), template, cancellationToken);

    private const string Officer = "officer";
    private const string Founder = "founder";

    private Task<bool> IssueAsync(
        PhoneNumber phone,
        string purpose,
        Func<DbTransaction, Task<(long? ChamaId, long? MemberId, Func<string, string> Message)?>> recipient,
        string? template,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.LockAsync(transaction, PhoneLock(phone));
                var recent = await connection.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM sign_in_codes WHERE phone = @Phone AND created_at > @since;",
                    new { Phone = phone.E164, since = (now - Window).ToUnixTimeMilliseconds() },
                    transaction);
                if (recent >= MaxCodesPerPhone || await recipient(transaction) is not { } to)
                {
                    return false;
                }

                var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
                var salt = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO sign_in_codes (phone, salt, code_hash, created_at, expires_at, purpose)
                    VALUES (@Phone, @salt, @Hash, @At, @Expires, @purpose) RETURNING id;
                    """,
                    new { Phone = phone.E164, salt, Hash = Hash(salt, phone, code), At = now.ToUnixTimeMilliseconds(), Expires = (now + Lifetime).ToUnixTimeMilliseconds(), purpose },
                    transaction);
                var variables = template is null ? null : OutboundMessage.Positional(code);
                return await Outbox.Outbox.EnqueueAsync(
                    transaction, new OutboundMessage($"signin:{id}", to.ChamaId, to.MemberId, phone, to.Message(code), template, variables), now);
            },
            cancellationToken);
    }

    /// <summary>
    /// Checks a code typed for <paramref name="phone"/> from client <paramref name="address"/>. A right code is spent; a
    /// wrong one is counted against both the phone and the address.
    /// </summary>
    public Task<CodeCheck> CheckAsync(PhoneNumber phone, string code, string address, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var since = (now - Window).ToUnixTimeMilliseconds();
        var dayAgo = (now - Day).ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.LockAsync(transaction, PhoneLock(phone));
                var failures = await connection.QuerySingleAsync<(long Phone, long PhoneToday, long Address)>(
                    """
                    SELECT (SELECT COUNT(*) FROM sign_in_failures WHERE phone = @Phone AND at > @since),
                           (SELECT COUNT(*) FROM sign_in_failures WHERE phone = @Phone AND at > @dayAgo),
                           (SELECT COUNT(*) FROM sign_in_failures WHERE address = @address AND at > @since);
                    """,
                    new { Phone = phone.E164, address, since, dayAgo },
                    transaction);
                if (failures.Phone >= MaxFailuresPerPhone || failures.PhoneToday >= MaxFailuresPerPhonePerDay || failures.Address >= MaxFailuresPerAddress)
                {
                    return CodeCheck.Locked;
                }

                var latest = await connection.QuerySingleOrDefaultAsync<(long Id, string Salt, string CodeHash, string Purpose)?>(
                    """
                    SELECT id, salt, code_hash, purpose FROM sign_in_codes
                    WHERE phone = @Phone AND used_at IS NULL AND expires_at > @At ORDER BY id DESC LIMIT 1;
                    """,
                    new { Phone = phone.E164, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                var right = latest is { } issued
                    && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(issued.CodeHash), Convert.FromHexString(Hash(issued.Salt, phone, code)))
                    && (issued.Purpose == Founder || (await ChamaStore.FindMembershipsAsync(transaction, phone)).Any(m => m.IsOfficer))
                    && await connection.ExecuteAsync(
                        "UPDATE sign_in_codes SET used_at = @At WHERE id = @Id AND used_at IS NULL;", new { At = now.ToUnixTimeMilliseconds(), issued.Id }, transaction) == 1;
                if (right)
                {
                    return CodeCheck.SignedIn;
                }

                await connection.ExecuteAsync(
                    "INSERT INTO sign_in_failures (phone, address, at) VALUES (@Phone, @address, @At);",
                    new { Phone = phone.E164, address, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                return CodeCheck.Wrong;
            },
            cancellationToken);
    }

    /// <summary>The lock that orders one phone's sign-in writes.</summary>
    private static string PhoneLock(PhoneNumber phone) => $"sign-in/{phone.E164}";

    private static string Hash(string salt, PhoneNumber phone, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{salt}:{phone.E164}:{code}")));
}
