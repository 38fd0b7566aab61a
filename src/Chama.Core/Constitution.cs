namespace Chama.Core;

public enum MeetingFrequency
{
    Weekly,
    Fortnightly,
    Monthly,
}

/// <summary>The rules a chama runs by.</summary>
public sealed record Constitution(
    Money ContributionAmount,
    MeetingFrequency Frequency,
    Money WelfareLevy,
    Money LateFine,
    int ApprovalsRequired = Constitution.DefaultApprovalsRequired,
    bool MembersMaySeePending = true)
{
    public const int DefaultApprovalsRequired = 2;

    public static Constitution Monthly(Money contribution) =>
        new(contribution, MeetingFrequency.Monthly, Money.Zero(contribution.Currency), Money.Zero(contribution.Currency));

    public string Currency => ContributionAmount.Currency;

    /// <summary>Refuses a constitution a chama could not run by.</summary>
    public Constitution Validated()
    {
        if (!ContributionAmount.IsPositive)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, "The contribution amount must be more than zero.");
        }

        if (WelfareLevy.IsNegative || LateFine.IsNegative)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, "The welfare levy and late fine cannot be negative.");
        }

        if (WelfareLevy.Currency != Currency || LateFine.Currency != Currency)
        {
            throw new ChamaException(ChamaError.CurrencyMismatch, "Every amount in a constitution must be in the chama's currency.");
        }

        if (ApprovalsRequired < 1)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, "A payout needs at least one officer's approval.");
        }

        return this;
    }
}
