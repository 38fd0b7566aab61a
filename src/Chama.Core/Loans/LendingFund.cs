namespace Chama.Core;

/// <summary>A movement of the pooled fund's money.</summary>
public enum FundMovementKind
{
    /// <summary>A member's savings paid in.</summary>
    SavingsPaidIn,

    /// <summary>Savings paid out of the fund: a withdrawal, the savings part of a share-out payout, or a guarantor's pledged savings recovered (recorded with the repayment it makes).</summary>
    SavingsPaidOut,

    /// <summary>The earnings part of a share-out payout.</summary>
    EarningsPaidOut,

    /// <summary>A loan's principal paid out to the borrower.</summary>
    LoanPaidOut,

    /// <summary>The penalty part of a repayment.</summary>
    PenaltyRepaid,

    /// <summary>The interest part of a repayment.</summary>
    InterestRepaid,

    /// <summary>The principal part of a repayment.</summary>
    PrincipalRepaid,
}

/// <summary>One movement of the fund; the amount is never negative, its kind says which way it goes.</summary>
public sealed record FundMovement(FundMovementKind Kind, Money Amount);

/// <summary>
/// The pooled fund, folded from its movements: the cash it holds, the members' savings in it, what it has earned and
/// what is lent out. Cash is counted separately from the rest so that
/// Balance = Savings + Earnings − principal lent + principal repaid can be checked rather than assumed.
/// </summary>
public sealed record LendingFund(Money Balance, Money Savings, Money Earnings, Money PrincipalLent, Money PrincipalRepaid)
{
    public static LendingFund Empty(string currency) =>
        new(Money.Zero(currency), Money.Zero(currency), Money.Zero(currency), Money.Zero(currency), Money.Zero(currency));

    public static LendingFund Of(string currency, IEnumerable<FundMovement> movements)
    {
        ArgumentNullException.ThrowIfNull(movements);
        return movements.Aggregate(Empty(currency), (fund, movement) => fund.With(movement));
    }

    /// <summary>Principal lent and not yet repaid.</summary>
    public Money LentOut => PrincipalLent - PrincipalRepaid;

    /// <summary>The savings and what they earned: what the lend percent is taken of.</summary>
    public Money Pooled => Savings + Earnings;

    public LendingFund With(FundMovement movement)
    {
        ArgumentNullException.ThrowIfNull(movement);
        var amount = movement.Amount;
        if (amount.IsNegative)
        {
            throw new ChamaException(ChamaError.InvalidAmount, $"A movement of the fund cannot be less than zero, not {amount}.");
        }

        var cashIn = this with { Balance = Balance + amount };
        var cashOut = this with { Balance = Balance - amount };
        return movement.Kind switch
        {
            FundMovementKind.SavingsPaidIn => cashIn with { Savings = Savings + amount },
            FundMovementKind.SavingsPaidOut => cashOut with { Savings = Savings - amount },
            FundMovementKind.EarningsPaidOut => cashOut with { Earnings = Earnings - amount },
            FundMovementKind.LoanPaidOut => cashOut with { PrincipalLent = PrincipalLent + amount },
            FundMovementKind.PenaltyRepaid or FundMovementKind.InterestRepaid => cashIn with { Earnings = Earnings + amount },
            FundMovementKind.PrincipalRepaid => cashIn with { PrincipalRepaid = PrincipalRepaid + amount },
            _ => throw new ArgumentOutOfRangeException(nameof(movement), movement.Kind, "Unknown fund movement."),
        };
    }
}
