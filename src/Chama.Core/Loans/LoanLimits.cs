namespace Chama.Core;

/// <summary>
/// Whether a member may borrow: the chama lends, the member has no other loan, the term is allowed, the amount is within
/// their savings times the multiple and the cap, and the fund can lend it without more than its lend percent out at once.
/// </summary>
public static class LoanLimits
{
    /// <summary>Refuses the request with the first rule it breaks, saying the limit in money; returns when it may be asked.</summary>
    public static void Check(LoanRequestFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var rules = facts.Rules;
        if (!rules.Lends)
        {
            throw new ChamaException(ChamaError.LendingOff, "This chama does not lend: its constitution sets no loan multiple of savings.");
        }

        if (facts.BorrowerHasOpenLoan)
        {
            throw new ChamaException(ChamaError.LoanAlreadyOpen, "You already have a loan requested or not yet repaid: one loan at a time.");
        }

        if (facts.TermMonths < 1 || facts.TermMonths > rules.MaxTermMonths)
        {
            throw new ChamaException(ChamaError.LoanTermNotAllowed, $"A loan is repaid over 1 to {rules.MaxTermMonths} months, not {facts.TermMonths}.");
        }

        var amount = facts.Amount;
        var unit = LoanRounding.UnitOf(amount.Currency);
        if (!amount.IsPositive || amount.Minor % unit != 0)
        {
            throw new ChamaException(ChamaError.InvalidAmount, $"A loan must be more than zero and a whole amount one can be paid in, not {amount}.");
        }

        var personal = PersonalLimit(facts);
        if (amount > personal)
        {
            throw new ChamaException(ChamaError.LoanAboveLimit, $"You may borrow up to {personal}: {rules.SavingsMultiple} times your savings of {facts.BorrowerSavings}{CapText(rules)}.");
        }

        var room = FundRoom(facts);
        if (amount > room)
        {
            throw new ChamaException(ChamaError.LendingFundExhausted, $"The fund can lend {Money.Max(room, Money.Zero(room.Currency))} more now: at most {rules.LendPercent}% of {facts.PooledFund} is lent at once and {facts.LentOut} is out.");
        }
    }

    /// <summary>The largest amount the member may borrow now, in whole units of payment; zero when they may borrow nothing.</summary>
    public static Money MostBorrowable(LoanRequestFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var zero = Money.Zero(facts.PooledFund.Currency);
        if (!facts.Rules.Lends || facts.BorrowerHasOpenLoan)
        {
            return zero;
        }

        var most = Money.Min(PersonalLimit(facts), FundRoom(facts));
        return Money.Max(zero, LoanRounding.RoundDown(most.Minor, most.Currency, LoanRounding.UnitOf(most.Currency)));
    }

    // Savings times the multiple, no more than the cap.
    private static Money PersonalLimit(LoanRequestFacts facts)
    {
        var bySavings = Money.Max(Money.Zero(facts.BorrowerSavings.Currency), facts.BorrowerSavings.Times(facts.Rules.SavingsMultiple));
        return facts.Rules.Cap is { } cap ? Money.Min(bySavings, cap) : bySavings;
    }

    // The lend percent of the pooled fund (rounded down to the minor unit), less what is already out; never more than the fund holds.
    private static Money FundRoom(LoanRequestFacts facts)
    {
        var pooled = facts.PooledFund;
        var lendable = new Money((long)((Int128)pooled.Minor * facts.Rules.LendPercent / 100), pooled.Currency);
        return Money.Min(lendable, pooled) - facts.LentOut;
    }

    private static string CapText(LoanRules rules) => rules.Cap is { } cap ? $", and no loan is more than {cap}" : "";
}
