using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Decisions;
using Chama.Data.Mpesa;
using Chama.Data.Outbox;
using Chama.Data.Savings;
using Dapper;

namespace Chama.Data.Loans;

/// <summary>What proposing or deciding a recovery came to; <see cref="Taken"/> is set when it was carried.</summary>
public sealed record RecoveryResult(RecoveryOutcome Outcome, LoanRecovery? Recovery = null, LoanLife? Loan = null, RecoveredLoan? Taken = null);

/// <summary>A loan recovered from its pledges: what each guarantor gave, and whether that cleared everything owed (then it is repaid).</summary>
public sealed record RecoveredLoan(LoanLife Loan, IReadOnlyList<PledgeTaken> Taken, bool Repaid, LoanPosition After);

/// <summary>The messages a carried recovery sends: the borrower, each guarantor and the officers.</summary>
public delegate IEnumerable<OutboundMessage> RecoveryNotices(RecoveredLoan recovered, IReadOnlyList<Member> officers);

/// <summary>
/// Recovering a defaulted loan from its guarantors' pledged savings, under the officers' quorum (<c>K5</c>), through the
/// one voting mechanism: an officer proposes (the proposal is their approval, unless they borrowed or guarantee it), the
/// others vote, and the approval that reaches the quorum moves the pledges in the same transaction, each guarantor's at
/// most the savings they hold (<see cref="SavingsBook"/>): a <c>loan_recoveries</c> row per guarantor (at most once each: UNIQUE (loan, member, source)), applied penalty, interest,
/// then principal (<see cref="PledgeRecovery"/>), and the loan's 'Recovered' event, or 'Repaid' when nothing is left owed.
/// </summary>
public sealed class LoanRecoveries(IDatabase database, TimeProvider clock)
{
    public Task<RecoveryResult> ProposeAsync(Member officer, long loanId, string channel, RecoveryNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                if (await LoanLife.LoadAsync(transaction, officer.ChamaId, loanId) is not { } loan)
                {
                    return new RecoveryResult(RecoveryOutcome.Unknown);
                }

                if (loan.Closed)
                {
                    return new RecoveryResult(RecoveryOutcome.Closed, Loan: loan);
                }

                if (!loan.Defaulted)
                {
                    return new RecoveryResult(RecoveryOutcome.NotDefaulted, Loan: loan);
                }

                var current = (await connection.QuerySingleOrDefaultAsync<MemberRow>($"{MemberRow.Select} WHERE id = @Id;", new { officer.Id }, transaction))?.ToMember();
                if (current is not { IsOfficer: true, Active: true } || current.ChamaId != loan.ChamaId)
                {
                    return new RecoveryResult(RecoveryOutcome.NotAnOfficer, Loan: loan);
                }

                if (await FindAsync(transaction, loan) is { IsOpen: true } waiting)
                {
                    return new RecoveryResult(RecoveryOutcome.AlreadyProposed, waiting, loan);
                }

                await connection.ExecuteAsync(
                    """
                    INSERT INTO loan_recovery_proposals (loan_id, attempt, proposer_member_id, channel, proposed_at)
                    VALUES (@loanId, (SELECT COALESCE(MAX(attempt), 0) + 1 FROM loan_recovery_proposals WHERE loan_id = @loanId), @OfficerId, @channel, @At);
                    """,
                    new { loanId, OfficerId = officer.Id, channel, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(transaction, loan.ChamaId, Actor.Member(officer.Id, channel), "recovery.proposed", DecisionKind.Recovery.Code(loanId), now);
                var recovery = (await FindAsync(transaction, loan))!;
                return recovery.Ballot.Excluded.Contains(officer.Id)
                    ? new RecoveryResult(RecoveryOutcome.Recorded, recovery, loan)
                    : await VoteAsync(transaction, officer, loan, recovery, Decision.Approve, null, channel, notices, now);
            },
            cancellationToken);
    }

    /// <summary>An officer approves or rejects the recovery waiting on a loan; the approval reaching the quorum recovers it.</summary>
    public Task<RecoveryResult> DecideAsync(
        Member officer, long loanId, Decision decision, string? reason, string channel, RecoveryNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (_, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                return await LoanLife.LoadAsync(transaction, officer.ChamaId, loanId) is { } loan && await FindAsync(transaction, loan) is { } recovery
                    ? await VoteAsync(transaction, officer, loan, recovery, decision, reason, channel, notices, now)
                    : new RecoveryResult(RecoveryOutcome.NotOpen);
            },
            cancellationToken);
    }

    /// <summary>The chama's recoveries waiting for the officers, with their loans, oldest loan first.</summary>
    public Task<IReadOnlyList<(LoanRecovery Recovery, LoanLife Loan)>> GetOpenAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<(LoanRecovery, LoanLife)>>(
            async (connection, transaction) =>
            {
                var open = new List<(LoanRecovery, LoanLife)>();
                foreach (var loanId in await connection.QueryAsync<long>(
                             "SELECT DISTINCT p.loan_id FROM loan_recovery_proposals p JOIN loans l ON l.id = p.loan_id WHERE l.chama_id = @chamaId ORDER BY p.loan_id;",
                             new { chamaId },
                             transaction))
                {
                    if (await LoanLife.LoadAsync(transaction, chamaId, loanId) is { } loan && await FindAsync(transaction, loan) is { IsOpen: true } recovery)
                    {
                        open.Add((recovery, loan));
                    }
                }

                return open;
            },
            cancellationToken);

    private static async Task<RecoveryResult> VoteAsync(
        DbTransaction transaction, Member officer, LoanLife loan, LoanRecovery recovery, Decision decision, string? reason, string channel, RecoveryNotices notices, DateTimeOffset now)
    {
        var (refusal, ballot) = await DecisionVotes.CastAsync(transaction, officer, DecisionKind.Recovery, loan.Id, recovery.Ballot, decision, reason, channel, now, recovery.Attempt);
        if (refusal is not null)
        {
            return new RecoveryResult(
                refusal switch
                {
                    VoteRefusal.NotAnOfficer => RecoveryOutcome.NotAnOfficer,
                    VoteRefusal.Concerned => RecoveryOutcome.Concerned,
                    VoteRefusal.AlreadyDecided => RecoveryOutcome.AlreadyDecided,
                    _ => RecoveryOutcome.NotOpen,
                },
                recovery,
                loan);
        }

        var after = recovery with { Decisions = ballot.Votes };
        if (!ballot.IsCarried)
        {
            return new RecoveryResult(ballot.IsRejected ? RecoveryOutcome.Rejected : RecoveryOutcome.Recorded, after, loan);
        }

        var (chama, officers) = await PaymentParties.LoadOfficersAsync(transaction, loan.ChamaId);
        var recovered = await RecoverAsync(transaction, chama, loan, Actor.Member(officer.Id, channel), now);
        await Outbox.Outbox.EnqueueAllAsync(transaction, notices(recovered, officers), now);
        return new RecoveryResult(RecoveryOutcome.Recovered, after with { Done = true }, recovered.Loan, recovered);
    }

    /// <summary>Moves each accepted guarantor's share of the pledges onto the loan and closes it.</summary>
    private static async Task<RecoveredLoan> RecoverAsync(DbTransaction transaction, ChamaGroup chama, LoanLife loan, Actor actor, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.ToOffset(NairobiTime.Offset).DateTime);
        var before = loan.Position(today, chama.Constitution.GraceDays);
        // A guarantor gives from their savings up to their pledge: never more than the savings they hold now.
        var pledges = new List<(long MemberId, Money Pledge)>();
        foreach (var guarantor in loan.Guarantors.Where(g => g.Accepted == true))
        {
            var savings = await SavingsBook.MemberSavingsAsync(transaction, guarantor.Member.Id, loan.Principal.Currency);
            pledges.Add((guarantor.Member.Id, Money.Max(Money.Zero(savings.Currency), Money.Min(guarantor.Pledge, savings))));
        }

        var taken = PledgeRecovery.Take(pledges, before.PenaltyOwed, before.InterestOwed, before.PrincipalOutstanding, loan.Unit);
        foreach (var take in taken)
        {
            await transaction.Connection!.ExecuteAsync(
                """
                INSERT INTO loan_recoveries (loan_id, member_id, source, penalty_minor, interest_minor, principal_minor, recovered_at)
                VALUES (@LoanId, @MemberId, 'Pledge', @Penalty, @Interest, @Principal, @At);
                """,
                new
                {
                    LoanId = loan.Id, take.MemberId, Penalty = take.Split.Penalty.Minor, Interest = take.Split.Interest.Minor, Principal = take.Split.Principal.Minor,
                    At = now.ToUnixTimeMilliseconds(),
                },
                transaction);
            await Audit.RecordAsync(transaction, loan.ChamaId, actor, "loan.recovered_from_pledge", $"{loan.Code} member:{take.MemberId} amount:{take.Amount.Minor}", now);
        }

        var recovered = loan.Credited(taken.Select(t => t.Split.Parts));
        var after = recovered.Position(today, chama.Constitution.GraceDays);
        var status = after.Repaid ? "Repaid" : "Recovered";
        await LoanBook.TryAddEventAsync(transaction, loan.Id, status, "pledges", now);
        await Audit.RecordAsync(transaction, loan.ChamaId, actor, $"loan.{status.ToLowerInvariant()}", loan.Code, now);
        return new RecoveredLoan(recovered.With(status, now), taken, after.Repaid, after);
    }

    /// <summary>The loan's latest recovery proposal with its votes; null when none was made.</summary>
    private static async Task<LoanRecovery?> FindAsync(DbTransaction transaction, LoanLife loan)
    {
        var connection = transaction.Connection!;
        var proposal = await connection.QuerySingleOrDefaultAsync<(long Attempt, long ProposerId)?>(
            "SELECT attempt, proposer_member_id FROM loan_recovery_proposals WHERE loan_id = @Id ORDER BY attempt DESC LIMIT 1;", new { loan.Id }, transaction);
        if (proposal is not { } made)
        {
            return null;
        }

        var required = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @ChamaId;", new { loan.ChamaId }, transaction)).ToChama().Constitution.ApprovalsRequired;
        var votes = await DecisionVotes.ReadAsync(transaction, DecisionKind.Recovery, loan.Id, (int)made.Attempt);
        return new LoanRecovery(loan.Id, (int)made.Attempt, loan.Borrower.Id, [.. loan.Guarantors.Select(g => g.Member.Id)], made.ProposerId, votes, required, loan.Closed);
    }
}
