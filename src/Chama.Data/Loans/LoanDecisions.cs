using System.Data.Common;
using Chama.Core;
using Chama.Data.Decisions;
using Chama.Data.Disbursements;
using Chama.Data.Mpesa;

namespace Chama.Data.Loans;

/// <summary>What an officer's vote on a loan came to, and the loan after it (null when there is no such loan).</summary>
public sealed record LoanDecisionResult(VoteOutcome Outcome, LoanApplication? Loan);

public sealed partial class LoanRequests
{
    /// <summary>
    /// An officer's vote on <c>L&lt;id&gt;</c>, by the one voting mechanism (<see cref="DecisionVotes"/>): the borrower
    /// and the guarantors never count. The approval reaching the quorum records the 'Approved' event and the loan's
    /// payout (a <c>disbursements</c> row of kind Loan) in the same transaction, after checking again that the fund may
    /// lend it now; when it may not, or M-Pesa could not pay it, nothing is recorded (<see cref="VoteOutcome.CannotMake"/>).
    /// A rejection closes the loan and the borrower is told why.
    /// </summary>
    public async Task<LoanDecisionResult> DecideAsync(
        Member officer, long loanId, Decision decision, string? reason, string channel, LoanNotices notices, CancellationToken cancellationToken = default)
    {
        try
        {
            return await RecordDecisionAsync(officer, loanId, decision, reason, channel, notices, cancellationToken);
        }
        catch (ChamaException refused) when (decision == Decision.Approve && refused.Error is ChamaError.InvalidAmount or ChamaError.LendingOff
            or ChamaError.LoanAboveLimit or ChamaError.LendingFundExhausted or ChamaError.LoanTermNotAllowed or ChamaError.LoanAlreadyOpen)
        {
            // The payout the approval would start cannot be made as things stand; the write, the vote included, was rolled back.
            return new LoanDecisionResult(VoteOutcome.CannotMake, await FindAsync(officer.ChamaId, loanId, cancellationToken));
        }
    }

    private Task<LoanDecisionResult> RecordDecisionAsync(
        Member officer, long loanId, Decision decision, string? reason, string channel, LoanNotices notices, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (_, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                if (await LoanApplications.FindAsync(transaction, officer.ChamaId, loanId) is not { } loan)
                {
                    return new LoanDecisionResult(officer.IsOfficer ? VoteOutcome.NotOpen : VoteOutcome.NotAnOfficer, null);
                }

                if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
                {
                    return new LoanDecisionResult(VoteOutcome.NoReason, loan);
                }

                var (refusal, ballot) = await DecisionVotes.CastAsync(
                    transaction, officer, DecisionKind.Loan, loan.Id, loan.Ballot, decision, reason?.Trim(), channel, now, loan.Attempt);
                if (refusal is { } refused)
                {
                    return new LoanDecisionResult(VoteOutcomes.Of(refused), loan);
                }

                if (!ballot.IsCarried && !ballot.IsRejected)
                {
                    return new LoanDecisionResult(VoteOutcome.Recorded, loan with { Decisions = ballot.Votes });
                }

                if (ballot.IsRejected)
                {
                    await LoanBook.TryAddEventAsync(transaction, loan.Id, "Rejected", reason!.Trim(), now);
                }
                else
                {
                    await PayOutAsync(transaction, loan, ballot, now);
                }

                var after = (await LoanApplications.FindAsync(transaction, loan.ChamaId, loan.Id))!;
                var (chama, officers) = await PaymentParties.LoadOfficersAsync(transaction, loan.ChamaId);
                var kind = ballot.IsRejected ? LoanNewsKind.Rejected : LoanNewsKind.Approved;
                await TellAsync(transaction, notices, new LoanNews(kind, chama, after, officers, By: officer, Reason: reason?.Trim()), now);
                return new LoanDecisionResult(ballot.IsRejected ? VoteOutcome.Rejected : VoteOutcome.Carried, after);
            },
            cancellationToken);
    }

    /// <summary>
    /// The loan is checked against the rules and the fund as they are now (other loans may have been approved since it
    /// was asked), then its payout is created to the borrower's receive phone like any other: the B2C worker pays it in
    /// KES to a Kenyan phone, any other waits to be paid by hand. After a failed payout the event stands and the fresh
    /// approvals create the next attempt.
    /// </summary>
    private static async Task PayOutAsync(DbTransaction transaction, LoanApplication loan, Ballot ballot, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, loan.ChamaId);
        var chama = await ChamaOfAsync(transaction, loan.ChamaId);
        LoanLimits.Check(await LoanLending.FactsAsync(transaction, chama, loan.Borrower.Id, loan.Principal, loan.TermMonths, exceptLoan: loan.Id));
        await LoanBook.TryAddEventAsync(transaction, loan.Id, "Approved", "", now);
        var subject = new ApprovalSubject(ApprovalKind.Loan, loan.Id, loan.ChamaId, loan.Borrower.Id, loan.Borrower.Name, loan.Principal, "loan");
        await DisbursementStore.CreateAsync(transaction, new PendingApproval(subject, ballot.Votes, ballot.Required, loan.Attempt), now);
    }
}
