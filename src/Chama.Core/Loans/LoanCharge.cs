namespace Chama.Core;

/// <summary>What a charge on a loan is for.</summary>
public enum LoanChargeKind
{
    /// <summary>A month's interest, charged at the start of the month.</summary>
    Interest,

    /// <summary>The late penalty on an instalment unpaid after the grace days, charged once.</summary>
    Penalty,
}

/// <summary>One charge the ledger has made on a loan: a month's interest or an instalment's penalty.</summary>
/// <param name="Instalment">The month (1 to the term) the interest is for, or the instalment the penalty is on.</param>
public sealed record LoanCharge(int Instalment, LoanChargeKind Kind, Money Amount);

/// <summary>How one stored repayment was applied to a loan (see <see cref="RepaymentSplit"/>).</summary>
public sealed record LoanRepaymentParts(Money Penalty, Money Interest, Money Principal)
{
    public Money Total => Penalty + Interest + Principal;
}
