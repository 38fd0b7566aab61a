using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Mpesa;
using Dapper;

namespace Chama.Data.Loans;

/// <summary>What a member may borrow now, for the first screen of asking for a loan.</summary>
public sealed record LoanOffer(LoanRules Rules, Money MostBorrowable, bool HasOpenLoan);

/// <summary>
/// Asking for a loan and guaranteeing it, up to the officers' decision (<c>L&lt;id&gt;</c>). A request beyond the rules
/// or the fund is refused when it is made with the specific <see cref="ChamaError"/>, and nothing is written; a retried
/// request (the same key) returns the loan first recorded. Every answer is an appended row or event, and every member
/// concerned is told in the same transaction.
/// </summary>
public sealed partial class LoanRequests(IDatabase database, TimeProvider clock)
{
    public Task<LoanOffer> OfferAsync(Member member, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (_, transaction) =>
            {
                var chama = await ChamaOfAsync(transaction, member.ChamaId);
                var facts = await LoanLending.FactsAsync(transaction, chama, member.Id, Money.Zero(chama.Currency), 1);
                return new LoanOffer(facts.Rules, LoanLimits.MostBorrowable(facts), facts.BorrowerHasOpenLoan);
            },
            cancellationToken);

    public Task<LoanApplication?> FindAsync(long chamaId, long loanId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => LoanApplications.FindAsync(transaction, chamaId, loanId), cancellationToken);

    /// <summary>The chama's loans waiting for the officers' decision, oldest first.</summary>
    public Task<IReadOnlyList<LoanApplication>> GetOpenAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => LoanApplications.WithOfficersAsync(transaction, chamaId), cancellationToken);

    /// <summary>
    /// Records <paramref name="borrower"/>'s request for <paramref name="amount"/> over <paramref name="termMonths"/>
    /// months, guaranteed by the members on <paramref name="guarantorSeats"/>, with the constitution's interest and
    /// penalty fixed on it. Refused with LendingOff, LoanAlreadyOpen, LoanTermNotAllowed, LoanAboveLimit,
    /// LendingFundExhausted (<see cref="LoanLimits"/>), GuarantorNotEligible, GuarantorSavingsShort, or
    /// QuorumUnreachable when too few officers are left to decide it once the borrower and guarantors are set aside.
    /// </summary>
    public Task<LoanApplication> RequestAsync(
        Member borrower, Money amount, int termMonths, IReadOnlyList<int> guarantorSeats, string channel, string requestKey, LoanNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, borrower.ChamaId);
                if (await connection.QuerySingleOrDefaultAsync<long?>("SELECT id FROM loans WHERE request_key = @requestKey;", new { requestKey }, transaction) is { } existing)
                {
                    return (await LoanApplications.FindAsync(transaction, borrower.ChamaId, existing))!;
                }

                var chama = await ChamaOfAsync(transaction, borrower.ChamaId);
                var members = (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @Id;", new { chama.Id }, transaction)).Select(r => r.ToMember()).ToList();
                var current = members.SingleOrDefault(m => m.Id == borrower.Id && m.Active)
                    ?? throw new ChamaException(ChamaError.MemberInactive, $"{borrower.Name} is no longer an active member.");
                var rules = chama.Constitution.Lending;
                LoanLimits.Check(await LoanLending.FactsAsync(transaction, chama, current.Id, amount, termMonths));

                var pledge = Pledges.PerGuarantor(amount, rules, LoanRounding.UnitOf(chama.Currency));
                var guarantors = Guarantors(members, current, guarantorSeats, rules.Guarantors);
                foreach (var guarantor in guarantors)
                {
                    await LoanLending.CheckPledgeAsync(transaction, guarantor.Id, pledge, Money.Zero(chama.Currency));
                }

                EnsureOfficersCanDecide(members, guarantors.Append(current), chama.Constitution.ApprovalsRequired);
                var loanId = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO loans (chama_id, member_id, principal_minor, currency, term_months, interest_method, interest_rate_bp, penalty_percent, request_key, channel, requested_at)
                    VALUES (@ChamaId, @MemberId, @Minor, @Currency, @termMonths, @Method, @Rate, @Penalty, @requestKey, @channel, @At) RETURNING id;
                    """,
                    new
                    {
                        ChamaId = chama.Id,
                        MemberId = current.Id,
                        amount.Minor,
                        amount.Currency,
                        termMonths,
                        Method = rules.Method.ToString(),
                        Rate = rules.MonthlyRateBasisPoints,
                        Penalty = rules.PenaltyPercent,
                        requestKey,
                        channel,
                        At = now.ToUnixTimeMilliseconds(),
                    },
                    transaction);
                foreach (var guarantor in guarantors)
                {
                    await connection.ExecuteAsync(
                        "INSERT INTO loan_guarantors (loan_id, member_id, pledge_minor) VALUES (@loanId, @Id, @Minor);", new { loanId, guarantor.Id, pledge.Minor }, transaction);
                }

                var actor = Actor.Member(current.Id, channel);
                await Audit.RecordAsync(
                    transaction, chama.Id, actor, "loan.requested", $"{DecisionKind.Loan.Code(loanId)} amount:{amount.Minor} term:{termMonths} guarantors:{string.Join(',', guarantors.Select(g => g.Seat))}", now);
                if (guarantors.Count == 0)
                {
                    // No guarantor is needed: the request goes straight to the officers.
                    await LoanBook.TryAddEventAsync(transaction, loanId, "Guaranteed", "", now);
                }

                var loan = (await LoanApplications.FindAsync(transaction, chama.Id, loanId))!;
                await TellAsync(transaction, notices, new LoanNews(guarantors.Count == 0 ? LoanNewsKind.Guaranteed : LoanNewsKind.Asked, chama, loan, Officers(members)), now);
                return loan;
            },
            cancellationToken);
    }

    /// <summary>
    /// A guarantor's answer to <c>L&lt;id&gt;</c>. Accepting re-checks that their free savings still cover the pledge;
    /// the last acceptance sends the loan to the officers; a refusal closes it and the borrower is told who declined.
    /// Refused with LoanNotFound when the member does not guarantee that loan, LoanNotOpen when it is past answering.
    /// </summary>
    public Task<(GuaranteeOutcome Outcome, LoanApplication Loan)> AnswerAsync(
        Member guarantor, long loanId, bool accept, string channel, LoanNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync<(GuaranteeOutcome, LoanApplication)>(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, guarantor.ChamaId);
                var loan = await LoanApplications.FindAsync(transaction, guarantor.ChamaId, loanId);
                var seat = loan?.Guarantees.SingleOrDefault(g => g.Member.Id == guarantor.Id)
                    ?? throw new ChamaException(ChamaError.LoanNotFound, $"You are not a guarantor of loan {DecisionKind.Loan.Code(loanId)}.");
                if (seat.Answer is not null)
                {
                    return (GuaranteeOutcome.AlreadyAnswered, loan!);
                }

                if (loan!.Facts.Stage != LoanStage.AwaitingGuarantors)
                {
                    throw new ChamaException(ChamaError.LoanNotOpen, $"Loan {loan.Code} is no longer waiting for its guarantors.");
                }

                if (accept)
                {
                    // The member's pledges already count this loan's: it is theirs until they answer.
                    await LoanLending.CheckPledgeAsync(transaction, guarantor.Id, seat.Pledge, seat.Pledge);
                }

                await connection.ExecuteAsync(
                    """
                    INSERT INTO loan_guarantee_answers (guarantor_id, answer, channel, answered_at)
                    SELECT id, @Answer, @channel, @At FROM loan_guarantors WHERE loan_id = @LoanId AND member_id = @MemberId;
                    """,
                    new { LoanId = loan.Id, MemberId = guarantor.Id, Answer = (accept ? GuaranteeAnswer.Accepted : GuaranteeAnswer.Declined).ToString(), channel, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(
                    transaction, loan.ChamaId, Actor.Member(guarantor.Id, channel), accept ? "loan.guaranteed" : "loan.guarantee_declined", loan.Code, now);
                var allAccepted = accept && loan.Guarantees.All(g => g.Member.Id == guarantor.Id || g.Answer == GuaranteeAnswer.Accepted);
                if (!accept || allAccepted)
                {
                    await LoanBook.TryAddEventAsync(transaction, loan.Id, accept ? "Guaranteed" : "Declined", accept ? "" : guarantor.Name, now);
                }

                var after = (await LoanApplications.FindAsync(transaction, loan.ChamaId, loan.Id))!;
                var outcome = !accept ? GuaranteeOutcome.Declined : allAccepted ? GuaranteeOutcome.AllAccepted : GuaranteeOutcome.Accepted;
                if (outcome != GuaranteeOutcome.Accepted)
                {
                    var (chama, officers) = await PaymentParties.LoadOfficersAsync(transaction, loan.ChamaId);
                    var kind = accept ? LoanNewsKind.Guaranteed : LoanNewsKind.Declined;
                    await TellAsync(transaction, notices, new LoanNews(kind, chama, after, officers, By: guarantor), now);
                }

                return (outcome, after);
            },
            cancellationToken);
    }

    /// <summary>
    /// The borrower withdraws their request before it is approved; its guarantors (and, once it is with them, the
    /// officers) are told. Refused with LoanNotFound when it is not theirs, LoanNotOpen once approved or closed.
    /// </summary>
    public Task<LoanApplication> WithdrawAsync(Member borrower, long loanId, string channel, LoanNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (_, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, borrower.ChamaId);
                var loan = await LoanApplications.FindAsync(transaction, borrower.ChamaId, loanId);
                if (loan is null || loan.Borrower.Id != borrower.Id)
                {
                    throw new ChamaException(ChamaError.LoanNotFound, $"You have no loan {DecisionKind.Loan.Code(loanId)}.");
                }

                if (!loan.Withdrawable)
                {
                    throw new ChamaException(ChamaError.LoanNotOpen, $"Loan {loan.Code} can no longer be withdrawn: it is approved or closed.");
                }

                await LoanBook.TryAddEventAsync(transaction, loan.Id, "Withdrawn", "", now);
                await Audit.RecordAsync(transaction, loan.ChamaId, Actor.Member(borrower.Id, channel), "loan.withdrawn", loan.Code, now);
                var after = (await LoanApplications.FindAsync(transaction, loan.ChamaId, loan.Id))!;
                var (chama, officers) = await PaymentParties.LoadOfficersAsync(transaction, loan.ChamaId);
                await TellAsync(transaction, notices, new LoanNews(LoanNewsKind.Withdrawn, chama, after, loan.WithOfficers ? officers : [], By: borrower), now);
                return after;
            },
            cancellationToken);
    }

    /// <summary>
    /// The members on <paramref name="seats"/>: exactly as many as the rules ask, each an active member of the chama,
    /// not the borrower, none named twice. Refused with GuarantorNotEligible saying which rule a seat breaks.
    /// </summary>
    private static List<Member> Guarantors(IReadOnlyList<Member> members, Member borrower, IReadOnlyList<int> seats, int required)
    {
        if (seats.Count != required)
        {
            throw new ChamaException(ChamaError.GuarantorNotEligible, $"A loan needs {required} guarantor{(required == 1 ? "" : "s")}, not {seats.Count}.");
        }

        if (seats.Distinct().Count() != seats.Count)
        {
            throw new ChamaException(ChamaError.GuarantorNotEligible, "Each guarantor is named once.");
        }

        return seats.Select(seat => members.SingleOrDefault(m => m.Seat == seat && m.Active) switch
        {
            null => throw new ChamaException(ChamaError.GuarantorNotEligible, $"Seat {seat} is no active member of the chama."),
            { } own when own.Id == borrower.Id => throw new ChamaException(ChamaError.GuarantorNotEligible, "A borrower cannot guarantee their own loan."),
            { } member => member,
        }).ToList();
    }

    /// <summary>The borrower and the guarantors never vote: enough other officers must be left to reach the quorum.</summary>
    private static void EnsureOfficersCanDecide(IReadOnlyList<Member> members, IEnumerable<Member> concerned, int required)
    {
        var excluded = concerned.Select(m => m.Id).ToHashSet();
        var voters = members.Count(m => m.Active && m.IsOfficer && !excluded.Contains(m.Id));
        if (voters < required)
        {
            throw new ChamaException(
                ChamaError.QuorumUnreachable,
                $"{required} officers must approve a loan and only {voters} may decide this one: the borrower and the guarantors never vote. Choose guarantors who are not officers.");
        }
    }

    private static IReadOnlyList<Member> Officers(IEnumerable<Member> members) => members.Where(m => m.Active && m.IsOfficer).ToList();

    private static Task TellAsync(DbTransaction transaction, LoanNotices notices, LoanNews news, DateTimeOffset now) =>
        Outbox.Outbox.EnqueueAllAsync(transaction, notices(news), now);

    private static async Task<ChamaGroup> ChamaOfAsync(DbTransaction transaction, long chamaId) =>
        (await transaction.Connection!.QuerySingleOrDefaultAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction))?.ToChama()
            ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {chamaId}.");
}
