namespace Chama.Core;

/// <summary>
/// What the exit rule makes of a member leaving during a cycle. From <see cref="FromRound"/> on (the first round whose
/// pot is not yet paid out) the cycle expects nothing more from them. A member who has <see cref="ReceivedPot"/> still
/// owes every round they have not paid (<see cref="Outstanding"/>); one who has not is owed what they paid this cycle,
/// less the constitution's deduction and any fines owed (<see cref="Refund"/>), paid from the pot of the round that was
/// to be theirs (<see cref="RefundRound"/>) once it is collected and the officers approve (see <see cref="ExitSettlement"/>).
/// </summary>
public sealed record ExitTerms(int? FromRound, bool ReceivedPot, Money Paid, int DeductionPercent, Money Refund, Money Outstanding, int? RefundRound = null)
{
    /// <summary>
    /// The terms for <paramref name="member"/>, from the cycle's rounds (in round order), what the member has paid into
    /// each, the rounds whose pot is paid out (or being paid), and the fines they owe. Without a running cycle there is
    /// nothing to settle but fines. A member who joined the running cycle (<paramref name="join"/>) never owed the rounds
    /// before their first.
    /// </summary>
    public static ExitTerms For(
        long memberId,
        Money due,
        IReadOnlyList<Round> rounds,
        IReadOnlyDictionary<long, Money> paidByRound,
        IReadOnlySet<long> paidOutRounds,
        Money finesOwed,
        int deductionPercent,
        CycleJoin? join = null)
    {
        if (deductionPercent is < 0 or > 100)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, $"An exit deduction of {deductionPercent}% is not valid.");
        }

        var zero = Money.Zero(due.Currency);
        var own = rounds.FirstOrDefault(r => r.RecipientMemberId == memberId);
        if (own is null)
        {
            return new ExitTerms(null, false, zero, deductionPercent, zero, finesOwed);
        }

        var fromRound = rounds.FirstOrDefault(r => !paidOutRounds.Contains(r.Id))?.Number ?? rounds[^1].Number + 1;
        var received = paidOutRounds.Contains(own.Id);
        var paid = rounds.Aggregate(zero, (sum, r) => sum + paidByRound.GetValueOrDefault(r.Id, zero));
        if (received)
        {
            var owing = rounds.Where(r => join is null || !join.IsBefore(r.Number));
            var unpaid = owing.Aggregate(zero, (sum, r) => sum + Money.Max(zero, due - paidByRound.GetValueOrDefault(r.Id, zero)));
            return new ExitTerms(fromRound, true, paid, deductionPercent, zero, unpaid + finesOwed);
        }

        var deduction = new Money(paid.Minor * deductionPercent / 100, due.Currency);
        var owed = paid - deduction - finesOwed;
        return new ExitTerms(fromRound, false, paid, deductionPercent, Money.Max(zero, owed), Money.Max(zero, zero - owed), own.Number);
    }
}

/// <summary>A recorded exit: who left, who recorded it, why, and the terms.</summary>
public sealed record MemberExit(long Id, Member Member, Member Officer, string Reason, ExitTerms Terms, DateTimeOffset At);
