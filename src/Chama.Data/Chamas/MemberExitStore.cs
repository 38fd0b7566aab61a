using Chama.Core;
using Chama.Data.Cycles;
using Chama.Data.Fines;
using Chama.Data.Outbox;
using Chama.Data.Ledger;
using Dapper;

namespace Chama.Data.Chamas;

/// <summary>
/// Members leaving their chama, recorded by an officer with a reason (audited). The exit is a row of its own and the
/// member becomes inactive; their rounds, payments and fines stay as they were.
/// </summary>
public sealed class MemberExitStore(IDatabase database, TimeProvider clock)
{
    /// <summary>
    /// An officer records that the active member on <paramref name="seat"/> of their chama leaves. Officers only, never
    /// their own exit, always with a reason. The terms follow <see cref="ExitTerms.For"/> for the running cycle. The
    /// <paramref name="notices"/> for the exit are queued in the same transaction, so they exist exactly when it does.
    /// </summary>
    public Task<MemberExit> RecordAsync(
        Member officer, int seat, string reason, string channel, Func<MemberExit, IEnumerable<OutboundMessage>>? notices = null, CancellationToken cancellationToken = default)
    {
        var validReason = FineStore.ValidateReason(reason);
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                if (!officer.IsOfficer)
                {
                    throw new ChamaException(ChamaError.NotAnOfficer, "Only the chama's officers can record a member's exit.");
                }

                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                var member = (await connection.QuerySingleOrDefaultAsync<MemberRow>(
                        $"{MemberRow.Select} WHERE chama_id = @ChamaId AND seat = @seat AND active = 1;", new { officer.ChamaId, seat }, transaction))?.ToMember()
                    ?? throw new ChamaException(ChamaError.UnknownMember, $"No active member sits on seat {seat}.");
                if (member.Id == officer.Id)
                {
                    throw new ChamaException(ChamaError.OwnExit, "An officer cannot record their own exit; another officer can.");
                }

                await EnsureQuorumKeptAsync(transaction, member);
                var cycle = (await connection.QuerySingleOrDefaultAsync<CycleRow>(
                    $"{CycleRow.Select} WHERE chama_id = @ChamaId AND status = 'Active';", new { officer.ChamaId }, transaction))?.ToCycle();
                var currency = cycle?.Contribution.Currency ?? Money.DefaultCurrency;
                var rounds = cycle is null ? [] : (await connection.QueryAsync<RoundRow>($"{RoundRow.Select} WHERE r.cycle_id = @Id ORDER BY r.number;", new { cycle.Id }, transaction))
                    .Select(r => r.ToRound()).ToList();
                var paid = (await connection.QueryAsync<(long RoundId, long PaidMinor)>(
                        """
                        SELECT round_id, CAST(SUM(CASE WHEN kind IN ('CreditCarriedOut', 'Reversal') THEN -amount_minor ELSE amount_minor END) AS BIGINT) FROM pot_movements
                        WHERE member_id = @Id AND round_id IN (SELECT id FROM rounds WHERE cycle_id = @CycleId) GROUP BY round_id;
                        """,
                        new { member.Id, CycleId = cycle?.Id ?? 0 },
                        transaction))
                    .ToDictionary(p => p.RoundId, p => new Money(p.PaidMinor, currency));

                var paidOut = cycle is null ? new HashSet<long>() : await CycleStore.PaidOutRoundsAsync(transaction, cycle.Id);

                // After the exit the member's own pot pays their refund instead (Rule 8): approvals given for paying them
                // must not count towards that, so officers decide what they have begun first.
                if (await Approvals.ApprovalStore.IsBeingApprovedForAsync(transaction, member.ChamaId, member.Id))
                {
                    throw new ChamaException(
                        ChamaError.PotBeingApproved, $"Officers have begun approving a payout to {member.Name}: decide it first, then record the exit.");
                }

                var fines = await connection.ExecuteScalarAsync<long>(
                    """
                    SELECT COALESCE(CAST(SUM(amount_minor) AS BIGINT), 0) FROM fines f
                    WHERE f.member_id = @Id
                      AND NOT EXISTS (SELECT 1 FROM fine_waivers w WHERE w.fine_id = f.id)
                      AND NOT EXISTS (SELECT 1 FROM fine_payments p WHERE p.fine_id = f.id);
                    """,
                    new { member.Id },
                    transaction);
                var due = cycle?.Contribution ?? Money.Zero(currency);
                var deduction = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @ChamaId;", new { member.ChamaId }, transaction))
                    .ToChama().Constitution.ExitDeductionPercent;
                var joins = cycle is null ? null : await ContributionLedger.JoinsAsync(transaction, cycle.Id);
                var terms = ExitTerms.For(member.Id, due, rounds, paid, paidOut, new Money(fines, currency), deduction, joins?.GetValueOrDefault(member.Id));

                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO member_exits (chama_id, member_id, cycle_id, from_round, received_pot, paid_minor, deduction_percent, refund_minor,
                                              outstanding_minor, currency, reason, officer_member_id, channel, at)
                    VALUES (@ChamaId, @MemberId, @CycleId, @FromRound, @Received, @Paid, @Deduction, @Refund, @Outstanding, @Currency, @Reason, @OfficerId, @channel, @At)
                    RETURNING id;
                    """,
                    new
                    {
                        officer.ChamaId,
                        MemberId = member.Id,
                        CycleId = terms.FromRound is null ? null : cycle?.Id,
                        terms.FromRound,
                        Received = terms.ReceivedPot ? 1 : 0,
                        Paid = terms.Paid.Minor,
                        Deduction = terms.DeductionPercent,
                        Refund = terms.Refund.Minor,
                        Outstanding = terms.Outstanding.Minor,
                        Currency = currency,
                        Reason = validReason,
                        OfficerId = officer.Id,
                        channel,
                        At = now.ToUnixTimeMilliseconds(),
                    },
                    transaction);
                await connection.ExecuteAsync("UPDATE members SET active = 0 WHERE id = @Id;", new { member.Id }, transaction);
                await Audit.RecordAsync(
                    transaction,
                    officer.ChamaId,
                    Actor.Member(officer.Id, channel),
                    "member.exited",
                    $"exit:{id} member:{member.Id} seat:{seat} refund:{terms.Refund.Minor} outstanding:{terms.Outstanding.Minor} reason:{validReason}",
                    now);
                var exit = new MemberExit(id, member with { Active = false }, officer, validReason, terms, now);
                await Outbox.Outbox.EnqueueAllAsync(transaction, notices?.Invoke(exit), now);
                return exit;
            },
            cancellationToken);
    }

    /// <summary>An officer's exit is refused when some payout could then not reach its quorum.</summary>
    private static Task EnsureQuorumKeptAsync(System.Data.Common.DbTransaction transaction, Member leaving) =>
        leaving.IsOfficer
            ? QuorumGuard.EnsureReachableAsync(transaction, leaving.ChamaId, members => members.Where(m => m.Id != leaving.Id))
            : Task.CompletedTask;
}
