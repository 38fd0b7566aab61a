using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Decisions;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.ShareOuts;

/// <summary>What deciding on a share-out came to, and the share-out after it (null when there is none of that code).</summary>
public sealed record ShareOutResult(ShareOutOutcome Outcome, ProposedShareOut? ShareOut = null);

/// <summary>The messages a share-out sends to the chama's members (each in their language): given it and the active members.</summary>
public delegate IEnumerable<OutboundMessage> ShareOutNotices(ProposedShareOut shareOut, IReadOnlyList<Member> members);

/// <summary>
/// The year-end share-out (code <c>Y2</c>) under the officers' quorum, through the one voting mechanism. An officer
/// proposes it: the table is computed from the books in one transaction (<see cref="ShareOutTables"/>), stored, and sent
/// to every member before anyone votes. The approval that reaches the quorum carries it in its own transaction
/// (<see cref="ShareOutApproval"/>), provided the books still give the same table; one rejection closes it.
/// </summary>
public sealed class ShareOutStore(IDatabase database, TimeProvider clock)
{
    /// <summary>
    /// Proposes the share-out. Refused with <see cref="ChamaError.NotAnOfficer"/> for a member who is not an officer, and
    /// with <see cref="ChamaError.ShareOutNotPossible"/> while another waits for its decision (its
    /// <see cref="ChamaException.Facts"/> is that share-out) or when there are no savings and no earnings to share.
    /// </summary>
    public Task<ProposedShareOut> ProposeAsync(Member officer, string channel, ShareOutNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                var current = (await connection.QuerySingleOrDefaultAsync<MemberRow>($"{MemberRow.Select} WHERE id = @Id;", new { officer.Id }, transaction))?.ToMember();
                if (current is not { IsOfficer: true, Active: true })
                {
                    throw new ChamaException(ChamaError.NotAnOfficer, "Only the chama's officers can propose a share-out.");
                }

                if (await ShareOutRows.LatestAsync(transaction, officer.ChamaId) is { IsOpen: true } waiting)
                {
                    throw new ChamaException(ChamaError.ShareOutNotPossible, $"Share-out {waiting.Code} is waiting for the officers' decision.") { Facts = waiting };
                }

                var chama = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @ChamaId;", new { officer.ChamaId }, transaction)).ToChama();
                var members = await ShareOutRows.MembersAsync(transaction, chama.Id);
                var (lines, earnings) = await ShareOutTables.ComputeAsync(transaction, chama, members, now);
                var savings = lines.Aggregate(Money.Zero(chama.Currency), (sum, l) => sum + l.Savings);
                if (savings.IsZero && earnings.IsZero)
                {
                    throw new ChamaException(ChamaError.ShareOutNotPossible, "There are no savings and no earnings to share out.");
                }

                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO share_outs (chama_id, proposed_by_member_id, savings_minor, earnings_minor, currency, proposed_at)
                    VALUES (@ChamaId, @OfficerId, @Savings, @Earnings, @Currency, @At) RETURNING id;
                    """,
                    new { officer.ChamaId, OfficerId = officer.Id, Savings = savings.Minor, Earnings = earnings.Minor, chama.Currency, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                foreach (var line in lines)
                {
                    await connection.ExecuteAsync(
                        """
                        INSERT INTO share_out_lines (share_out_id, member_id, savings_minor, earnings_minor, loan_deducted_minor, payout_minor)
                        VALUES (@id, @MemberId, @Savings, @Earnings, @Deducted, @Payout);
                        """,
                        new { id, line.MemberId, Savings = line.Savings.Minor, Earnings = line.Earnings.Minor, Deducted = line.LoanDeducted.Minor, Payout = line.Payout.Minor },
                        transaction);
                }

                var shareOut = (await ShareOutRows.FindAsync(transaction, chama.Id, id))!;
                await Audit.RecordAsync(
                    transaction, chama.Id, Actor.Member(officer.Id, channel), "share_out.proposed", $"{shareOut.Code} savings:{savings.Minor} earnings:{earnings.Minor}", now);
                await Outbox.Outbox.EnqueueAllAsync(transaction, notices(shareOut, members), now);
                return shareOut;
            },
            cancellationToken);
    }

    /// <summary>
    /// An officer approves or rejects the share-out. The approval that reaches the quorum carries it, and
    /// <paramref name="carried"/> tells the members their payouts in the same transaction; when the books no longer give
    /// the table shown, or a payout is beyond M-Pesa, that approval is refused and nothing is recorded.
    /// </summary>
    public Task<ShareOutResult> DecideAsync(
        Member officer, long id, Decision decision, string? reason, string channel, ShareOutNotices carried, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                if (await ShareOutRows.FindAsync(transaction, officer.ChamaId, id) is not { } shareOut)
                {
                    return new ShareOutResult(ShareOutOutcome.NotOpen);
                }

                var chama = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @ChamaId;", new { officer.ChamaId }, transaction)).ToChama();
                var members = await ShareOutRows.MembersAsync(transaction, chama.Id);
                if (decision == Decision.Approve && shareOut.IsOpen && officer.IsOfficer
                    && shareOut.Ballot.With(new OfficerDecision(officer.Id, decision, null)).IsCarried
                    && await ShareOutApproval.RefusalAsync(transaction, chama, shareOut, members, now) is not null)
                {
                    return new ShareOutResult(ShareOutOutcome.CannotMake, shareOut);
                }

                var (refusal, ballot) = await DecisionVotes.CastAsync(transaction, officer, DecisionKind.ShareOut, id, shareOut.Ballot, decision, reason, channel, now);
                if (refusal is not null)
                {
                    return new ShareOutResult(
                        refusal switch
                        {
                            VoteRefusal.NotAnOfficer => ShareOutOutcome.NotAnOfficer,
                            VoteRefusal.AlreadyDecided => ShareOutOutcome.AlreadyDecided,
                            _ => ShareOutOutcome.NotOpen,
                        },
                        shareOut);
                }

                var after = shareOut with { Decisions = ballot.Votes };
                if (ballot.IsRejected)
                {
                    await ShareOutRows.TryAddEventAsync(transaction, id, ShareOutStatus.Rejected, now);
                    return new ShareOutResult(ShareOutOutcome.Rejected, after with { Status = ShareOutStatus.Rejected });
                }

                if (!ballot.IsCarried)
                {
                    return new ShareOutResult(ShareOutOutcome.Recorded, after);
                }

                await ShareOutApproval.CarryAsync(transaction, chama, after, members, Actor.Member(officer.Id, channel), now);
                var approved = (await ShareOutRows.FindAsync(transaction, chama.Id, id))!;
                await Outbox.Outbox.EnqueueAllAsync(transaction, carried(approved, members), now);
                return new ShareOutResult(ShareOutOutcome.Approved, approved);
            },
            cancellationToken);
    }

    /// <summary>The chama's latest share-out, whatever became of it; null when it never had one.</summary>
    public Task<ProposedShareOut?> LatestAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => ShareOutRows.LatestAsync(transaction, chamaId), cancellationToken);

    /// <summary>The share-out waiting for the officers' decision, if any.</summary>
    public async Task<ProposedShareOut?> GetOpenAsync(long chamaId, CancellationToken cancellationToken = default) =>
        await LatestAsync(chamaId, cancellationToken) is { IsOpen: true } open ? open : null;
}
