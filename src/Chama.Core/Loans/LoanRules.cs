namespace Chama.Core;

/// <summary>
/// The constitution's lending rules (clauses <see cref="Clause.Loans"/> to <see cref="Clause.Guarantors"/>). A chama whose
/// savings multiple is zero does not lend.
/// </summary>
/// <param name="SavingsMultiple">A member may borrow at most this many times their own savings; 0: the chama does not lend.</param>
/// <param name="Cap">The most any one loan may be, whatever the savings; null for none.</param>
/// <param name="Method">Flat or reducing-balance interest.</param>
/// <param name="MonthlyRateBasisPoints">The interest a month, in hundredths of a percent: 150 is 1.5% a month.</param>
/// <param name="MaxTermMonths">Terms of 1 to this many monthly instalments are allowed.</param>
/// <param name="Guarantors">How many members must guarantee a loan.</param>
/// <param name="GuaranteePercent">The share of the loan the guarantors together pledge from their own savings.</param>
/// <param name="PenaltyPercent">Charged once on an instalment still unpaid after the grace days: this percent of what is unpaid of it.</param>
/// <param name="LendPercent">The most of the pooled fund (savings and what they earned) lent out at once.</param>
/// <param name="DefaultAfterMissed">After this many missed instalments the officers are told the loan is in default.</param>
public sealed record LoanRules(
    int SavingsMultiple,
    Money? Cap,
    InterestMethod Method,
    int MonthlyRateBasisPoints,
    int MaxTermMonths,
    int Guarantors,
    int GuaranteePercent,
    int PenaltyPercent,
    int LendPercent,
    int DefaultAfterMissed)
{
    public const int MaxMonthlyRateBasisPoints = 10_000;

    public const int MaxTerm = 60;

    /// <summary>The rules of a chama that has not chosen to lend: nothing may be borrowed until the quorum sets a multiple.</summary>
    public static LoanRules None { get; } = new(0, null, InterestMethod.Flat, 100, 12, 2, 50, 10, 80, 3);

    public bool Lends => SavingsMultiple > 0;

    /// <summary>Refuses rules a chama could not lend by.</summary>
    public LoanRules Validated(string currency)
    {
        Check(SavingsMultiple is >= 0 and <= 100, "The loan multiple of savings must be 0 to 100.");
        Check(Cap is not { } cap || (cap.IsPositive && cap.Currency == currency), "A loan cap must be an amount in the chama's currency, more than zero.");
        Check(Cap is not { } whole || !MpesaReach.Serves(currency) || whole.IsWholeMajor, "A loan cap of a KES chama is whole shillings.");
        Check(MonthlyRateBasisPoints is >= 0 and <= MaxMonthlyRateBasisPoints, "Interest must be 0 to 100 percent a month.");
        Check(MaxTermMonths is >= 1 and <= MaxTerm, $"A loan term must be 1 to {MaxTerm} months.");
        Check(Guarantors is >= 0 and <= 10, "A loan needs 0 to 10 guarantors.");
        Check(GuaranteePercent is >= 0 and <= 100, "The guarantors' pledge must be 0 to 100 percent of the loan.");
        Check(Guarantors > 0 || GuaranteePercent == 0, "A pledge needs guarantors to make it.");
        Check(PenaltyPercent is >= 0 and <= 100, "The late-instalment penalty must be 0 to 100 percent.");
        Check(LendPercent is >= 0 and <= 100, "The share of the fund lent out must be 0 to 100 percent.");
        Check(DefaultAfterMissed is >= 1 and <= 60, "A loan is in default after 1 to 60 missed instalments.");
        return this;
    }

    private static void Check(bool holds, string message)
    {
        if (!holds)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, message);
        }
    }
}
