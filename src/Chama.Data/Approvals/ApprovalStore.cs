using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Decisions;
using Chama.Data.Disbursements;
using Chama.Data.Ledger;
using Dapper;

namespace Chama.Data.Approvals;

/// <summary>
/// Payouts waiting for officers (full pots and welfare requests) and the officers' decisions on them. The decision that
/// completes the approvals creates the payout in the same transaction, so an approved payout is never lost or made twice.
/// </summary>
public sealed class ApprovalStore(IDatabase database, TimeProvider clock)
{
    /// <summary>Everything in the chama still open for decision: pots of the running cycle that are full, then welfare requests.</summary>
    public Task<IReadOnlyList<PendingApproval>> GetOpenAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => OpenAsync(transaction, chamaId), cancellationToken);

    /// <summary>
    /// Whether officers have begun approving a payout to <paramref name="memberId"/> (a pot, welfare, or a loan): while
    /// they have, the payout's phone must not change under the approvals already given for it.
    /// </summary>
    internal static async Task<bool> IsBeingApprovedForAsync(DbTransaction transaction, long chamaId, long memberId) =>
        (await OpenAsync(transaction, chamaId)).Any(p => p.Subject.BeneficiaryMemberId == memberId && p.Approvals > 0)
        || (await Loans.LoanApplications.WithOfficersAsync(transaction, chamaId)).Any(l => l.Borrower.Id == memberId && l.Approvals > 0);

    private static async Task<IReadOnlyList<PendingApproval>> OpenAsync(DbTransaction transaction, long chamaId)
    {
        var ids = await transaction.Connection!.QueryAsync<(string Kind, long Id)>(
            """
            SELECT 'Pot', r.id FROM rounds r JOIN cycles c ON c.id = r.cycle_id WHERE c.chama_id = @chamaId AND c.status = 'Active'
            UNION ALL
            SELECT 'Welfare', w.id FROM welfare_requests w
            WHERE w.chama_id = @chamaId AND NOT EXISTS (SELECT 1 FROM welfare_payouts p WHERE p.request_id = w.id);
            """,
            new { chamaId },
            transaction);
        var open = new List<PendingApproval>();
        foreach (var (kind, id) in ids)
        {
            if (await FindAsync(transaction, chamaId, Enum.Parse<ApprovalKind>(kind), id) is { IsOpen: true } pending)
            {
                open.Add(pending);
            }
        }

        return open;
    }

    public Task<PendingApproval?> FindAsync(long chamaId, ApprovalKind kind, long id, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => FindAsync(transaction, chamaId, kind, id), cancellationToken);

    /// <summary>Records an officer's decision when the rules allow it; otherwise says why not and records nothing.</summary>
    public async Task<(DecisionOutcome Outcome, PendingApproval? After)> DecideAsync(
        Member officer, ApprovalKind kind, long id, Decision decision, string? reason, string channel, CancellationToken cancellationToken = default)
    {
        try
        {
            return await RecordDecisionAsync(officer, kind, id, decision, reason, channel, cancellationToken);
        }
        catch (ChamaException refused) when (refused.Error is ChamaError.InvalidAmount or ChamaError.InsufficientWelfareFunds)
        {
            // The payout the last approval would start cannot be made; the write, approval included, was rolled back.
            return (DecisionOutcome.CannotPay, await FindAsync(officer.ChamaId, kind, id, cancellationToken));
        }
    }

    private Task<(DecisionOutcome Outcome, PendingApproval? After)> RecordDecisionAsync(
        Member officer, ApprovalKind kind, long id, Decision decision, string? reason, string channel, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync<(DecisionOutcome, PendingApproval?)>(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                var pending = await FindAsync(transaction, officer.ChamaId, kind, id);
                if (pending is null)
                {
                    return (officer.IsOfficer ? DecisionOutcome.NotOpen : DecisionOutcome.NotAnOfficer, null);
                }

                var (refusal, ballot) = await DecisionVotes.CastAsync(
                    transaction, officer, kind.AsDecision(), id, pending.Ballot, decision, reason, channel, now, pending.Attempt);
                if (refusal is not null)
                {
                    return (Outcome(refusal.Value), pending);
                }

                var after = pending with { Decisions = ballot.Votes };
                if (after.IsApproved && after.Subject.Exit is { } exit)
                {
                    await ExitSettlements.RecordAsync(transaction, officer.ChamaId, id, exit, now);
                }

                if (after.IsApproved && after.Subject.Amount.IsPositive)
                {
                    await DisbursementStore.CreateAsync(transaction, after, now);
                }

                return (DecisionOutcome.Recorded, after);
            },
            cancellationToken);
    }

    private static DecisionOutcome Outcome(VoteRefusal refusal) => refusal switch
    {
        VoteRefusal.NotAnOfficer => DecisionOutcome.NotAnOfficer,
        VoteRefusal.Concerned => DecisionOutcome.OwnPayout,
        VoteRefusal.AlreadyDecided => DecisionOutcome.AlreadyDecided,
        _ => DecisionOutcome.NotOpen,
    };

    private static async Task<PendingApproval?> FindAsync(DbTransaction transaction, long chamaId, ApprovalKind kind, long id)
    {
        var chama = (await transaction.Connection!.QuerySingleOrDefaultAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction))?.ToChama();
        // A share-out line is approved with its share-out (decision Y), never here.
        var subject = chama is null ? null : kind switch
        {
            ApprovalKind.Pot => await PotAsync(transaction, chama, id),
            ApprovalKind.Welfare => await WelfareAsync(transaction, chama, id),
            _ => null,
        };
        if (subject is null)
        {
            return null;
        }

        // A subject being paid, or paid, is no longer up for decision; after a failed payout it is, with fresh approvals.
        if (await DisbursementStore.LiveAttemptsAsync(transaction, kind, id) > 0)
        {
            return null;
        }

        var attempt = await DisbursementStore.CurrentAttemptAsync(transaction, kind, id);
        return new PendingApproval(subject, await DecisionVotes.ReadAsync(transaction, kind.AsDecision(), id, attempt), chama!.Constitution.ApprovalsRequired, attempt);
    }

    /// <summary>
    /// A round's pot is up for approval once it is full. When its recipient left the chama before it, the pot is up
    /// instead as the division that pays their exit refund, until that is approved.
    /// </summary>
    private static async Task<ApprovalSubject?> PotAsync(DbTransaction transaction, ChamaGroup chama, long roundId)
    {
        var owner = await transaction.Connection!.QuerySingleOrDefaultAsync<long?>(
            "SELECT c.chama_id FROM rounds r JOIN cycles c ON c.id = r.cycle_id WHERE r.id = @roundId AND c.status = 'Active';", new { roundId }, transaction);
        if (owner != chama.Id)
        {
            return null;
        }

        var summary = await ContributionLedger.SummariseAsync(transaction, roundId);
        if (!summary.IsDisbursable)
        {
            return null;
        }

        if (summary.Recipient.Active)
        {
            return new ApprovalSubject(ApprovalKind.Pot, roundId, chama.Id, summary.Recipient.Id, summary.Recipient.Name, summary.Collected, $"round {summary.Round.Number} pot");
        }

        // The recipient left before this round: its pot pays their exit refund (Rule 8), once.
        // A division recorded with no refund has nothing left to pay: it is closed.
        if (await ExitSettlements.ForRoundAsync(transaction, summary) is not { } division || (division.Recorded && division.Settlement.Refund.IsZero))
        {
            return null;
        }

        var exit = division.Settlement;

        return new ApprovalSubject(ApprovalKind.Pot, roundId, chama.Id, summary.Recipient.Id, summary.Recipient.Name, exit.Refund, $"round {summary.Round.Number} exit refund, the rest {exit.ToWelfare} to welfare")
        {
            Exit = exit,
        };
    }

    private static async Task<ApprovalSubject?> WelfareAsync(DbTransaction transaction, ChamaGroup chama, long requestId)
    {
        var row = await transaction.Connection!.QuerySingleOrDefaultAsync<(long MemberId, string Name, string Kind, long AmountMinor)?>(
            """
            SELECT w.member_id, m.name, w.kind, w.amount_minor FROM welfare_requests w JOIN members m ON m.id = w.member_id
            WHERE w.id = @requestId AND w.chama_id = @Id AND NOT EXISTS (SELECT 1 FROM welfare_payouts p WHERE p.request_id = w.id)
              AND NOT EXISTS (SELECT 1 FROM welfare_request_closures c WHERE c.request_id = w.id);
            """,
            new { requestId, chama.Id },
            transaction);
        return row is { } w
            ? new ApprovalSubject(ApprovalKind.Welfare, requestId, chama.Id, w.MemberId, w.Name, new Money(w.AmountMinor, chama.Currency), $"welfare ({w.Kind.ToLowerInvariant()})")
            : null;
    }
}
