namespace Chama.Core;

/// <summary>
/// A loan's instalments as planned when it is paid out: instalment k falls due k months after <see cref="Start"/>.
/// Flat interest charges the monthly rate on the amount lent every month and repays the principal in equal parts;
/// reducing-balance interest charges the rate on what is still owed and pays equal instalments (an annuity), so more of
/// each one repays principal as the balance falls. Every figure is rounded by <see cref="LoanRounding"/>.
/// </summary>
public sealed record LoanSchedule(IReadOnlyList<Instalment> Instalments, Money Principal, Money TotalInterest, Money Total)
{
    /// <summary>
    /// The day the loan is paid out: month 1's interest is charged that day. Set by <see cref="Plan(Money, InterestMethod, int, int, DateOnly, long)"/>;
    /// a schedule rebuilt from stored instalments without it counts month 1 as started, as it is for any loan paid out.
    /// </summary>
    public DateOnly Start { get; init; }

    /// <summary>The schedule by the chama's rules, rounded to the unit of payment of the loan's currency.</summary>
    public static LoanSchedule Plan(Money principal, LoanRules rules, int termMonths, DateOnly start) =>
        Plan(principal, rules.Method, rules.MonthlyRateBasisPoints, termMonths, start, LoanRounding.UnitOf(principal.Currency));

    public static LoanSchedule Plan(Money principal, InterestMethod method, int monthlyRateBasisPoints, int termMonths, DateOnly start, long unit)
    {
        if (!principal.IsPositive)
        {
            throw new ChamaException(ChamaError.InvalidAmount, $"A loan must be more than zero, not {principal}.");
        }

        if (termMonths < 1)
        {
            throw new ChamaException(ChamaError.LoanTermNotAllowed, $"A loan is repaid in at least one monthly instalment, not {termMonths}.");
        }

        if (monthlyRateBasisPoints < 0)
        {
            throw new ChamaException(ChamaError.InvalidAmount, "Interest cannot be less than zero.");
        }

        LoanRounding.CheckUnit(unit);
        var rate = LoanInterest.MonthlyRate(monthlyRateBasisPoints);
        var instalments = method == InterestMethod.Reducing && rate > 0
            ? Reducing(principal, rate, termMonths, start, unit)
            : Flat(principal, rate, termMonths, start, unit);

        var totalInterest = instalments.Aggregate(Money.Zero(principal.Currency), (sum, i) => sum + i.Interest);
        return new LoanSchedule(instalments, principal, totalInterest, principal + totalInterest) { Start = start };
    }

    // Equal principal parts rounded down to the unit; the last takes what is left so the parts sum to the loan exactly.
    private static List<Instalment> Flat(Money principal, decimal rate, int term, DateOnly start, long unit)
    {
        var interest = LoanRounding.Round(principal.Minor * rate, principal.Currency, unit);
        var part = LoanRounding.RoundDown((decimal)principal.Minor / term, principal.Currency, unit);
        var instalments = new List<Instalment>(term);
        for (var k = 1; k <= term; k++)
        {
            var repaid = k < term ? part : principal - part.Times(term - 1);
            instalments.Add(new Instalment(k, start.AddMonths(k), repaid, interest));
        }

        return instalments;
    }

    // The annuity A = P·r / (1 − (1+r)^−n), rounded once; each month's interest is on the balance still owed and the
    // rest of A repays principal. The last instalment repays whatever balance the rounding left.
    private static List<Instalment> Reducing(Money principal, decimal rate, int term, DateOnly start, long unit)
    {
        var growth = 1m;
        for (var k = 0; k < term; k++)
        {
            growth *= 1 + rate;
        }

        var payment = LoanRounding.Round(principal.Minor * rate / (1 - (1 / growth)), principal.Currency, unit);
        var balance = principal;
        var instalments = new List<Instalment>(term);
        for (var k = 1; k <= term; k++)
        {
            var interest = LoanInterest.ForPeriod(InterestMethod.Reducing, rate, principal, balance, unit);
            var repaid = k < term ? Money.Min(payment - interest, balance) : balance;
            instalments.Add(new Instalment(k, start.AddMonths(k), repaid, interest));
            balance -= repaid;
        }

        return instalments;
    }
}
