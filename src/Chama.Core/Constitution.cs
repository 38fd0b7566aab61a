namespace Chama.Core;

public enum MeetingFrequency
{
    Weekly,
    Fortnightly,
    Monthly,
}

/// <summary>How a late fine is charged: once a round, or for each day a round stays unpaid (up to a cap per round).</summary>
public enum FineMode
{
    Flat,
    PerDay,
}

/// <summary>The rules a chama runs by.</summary>
public sealed record Constitution(
    Money ContributionAmount,
    MeetingFrequency Frequency,
    Money WelfareLevy,
    Money LateFine,
    int ApprovalsRequired = Constitution.DefaultApprovalsRequired,
    bool MembersMaySeePending = true,
    int GraceDays = Constitution.DefaultGraceDays,
    Fund FinesGoTo = Fund.Welfare,
    int WelfareCoolingOffHours = Constitution.DefaultWelfareCoolingOffHours,
    FineMode FineMode = FineMode.Flat,
    Money? FineCap = null,
    Money? WelfarePayoutLimit = null,
    int ExitDeductionPercent = 0,
    int PayoutPhoneDelayHours = Constitution.DefaultPayoutPhoneDelayHours,
    Money? Savings = null,
    LoanRules? Loans = null)
{
    public const int DefaultApprovalsRequired = 2;

    /// <summary>Days after a round's due date before a member not fully paid is fined.</summary>
    public const int DefaultGraceDays = 3;

    public const int MaxGraceDays = 31;

    /// <summary>Hours an approved welfare payout waits before it is sent, during which any officer can cancel it.</summary>
    public const int DefaultWelfareCoolingOffHours = 12;

    public const int MaxWelfareCoolingOffHours = 168;

    /// <summary>Hours a new payout phone waits before it receives anything, so that a hijacked change can be noticed and undone.</summary>
    public const int DefaultPayoutPhoneDelayHours = 24;

    public const int MaxPayoutPhoneDelayHours = 168;

    public static Constitution Monthly(Money contribution) =>
        new(contribution, MeetingFrequency.Monthly, Money.Zero(contribution.Currency), Money.Zero(contribution.Currency));

    public string Currency => ContributionAmount.Currency;

    /// <summary>The savings a member puts in each meeting; zero when the chama keeps no savings.</summary>
    public Money SavingsPerMeeting => Savings ?? Money.Zero(Currency);

    /// <summary>False for a chama that keeps savings instead of a rotation: it has no pot and starts no cycle.</summary>
    public bool Rotates => ContributionAmount.IsPositive;

    /// <summary>The lending rules in force (<see cref="LoanRules.None"/> until the quorum sets them).</summary>
    public LoanRules Lending => Loans ?? LoanRules.None;

    /// <summary>Refuses a constitution a chama could not run by.</summary>
    public Constitution Validated()
    {
        // A chama rotates a pot, keeps savings, or both: a contribution of zero is a chama that only saves and lends.
        if (ContributionAmount.IsNegative || (ContributionAmount.IsZero && !SavingsPerMeeting.IsPositive))
        {
            throw new ChamaException(ChamaError.InvalidConstitution, "The contribution amount must be more than zero, unless the chama keeps savings instead of a rotation.");
        }

        if (WelfareLevy.IsNegative || LateFine.IsNegative)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, "The welfare levy and late fine cannot be negative.");
        }

        if (WelfareLevy.Currency != Currency || LateFine.Currency != Currency)
        {
            throw new ChamaException(ChamaError.CurrencyMismatch, "Every amount in a constitution must be in the chama's currency.");
        }

        if (FineCap is { } cap && (cap.IsNegative || cap.Currency != Currency))
        {
            throw new ChamaException(ChamaError.InvalidConstitution, "The fine cap must be an amount in the chama's currency, not negative.");
        }

        if (Savings is { } savings && (savings.IsNegative || savings.Currency != Currency))
        {
            throw new ChamaException(ChamaError.InvalidConstitution, "The savings per meeting must be an amount in the chama's currency, not negative.");
        }

        Lending.Validated(Currency);

        // M-Pesa moves whole shillings only, so a chama it serves asks, fines and pays nothing smaller.
        if (MpesaReach.Serves(Currency) && new[] { ContributionAmount, WelfareLevy, LateFine, FineCap, WelfarePayoutLimit, Savings }.Any(a => a is { IsWholeMajor: false }))
        {
            throw new ChamaException(ChamaError.InvalidConstitution, $"Every amount of a {Currency} chama is whole: M-Pesa moves nothing smaller.");
        }

        // A fine charged every day with no end would grow without limit: a per-day fine needs its cap per round.
        if (FineMode == FineMode.PerDay && FineCap is not { IsPositive: true })
        {
            throw new ChamaException(ChamaError.InvalidConstitution, "A fine per day late needs a cap per round.");
        }

        if (WelfarePayoutLimit is { } limit && (!limit.IsPositive || limit.Currency != Currency))
        {
            throw new ChamaException(ChamaError.InvalidConstitution, "A welfare payout limit must be an amount in the chama's currency, more than zero.");
        }

        if (ExitDeductionPercent is < 0 or > 100)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, "The exit deduction must be 0 to 100 percent.");
        }

        if (ApprovalsRequired < 1)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, "A payout needs at least one officer's approval.");
        }

        if (GraceDays is < 0 or > MaxGraceDays)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, $"The grace period must be 0 to {MaxGraceDays} days.");
        }

        if (PayoutPhoneDelayHours is < 0 or > MaxPayoutPhoneDelayHours)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, $"The payout phone delay must be 0 to {MaxPayoutPhoneDelayHours} hours.");
        }

        if (WelfareCoolingOffHours is < 0 or > MaxWelfareCoolingOffHours)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, $"The welfare cooling-off must be 0 to {MaxWelfareCoolingOffHours} hours.");
        }

        if (FinesGoTo != Fund.Welfare)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, "Fines go to the welfare fund: a pot holds contributions only.");
        }

        return this;
    }
}
