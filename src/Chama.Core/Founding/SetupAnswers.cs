namespace Chama.Core.Founding;

/// <summary>
/// What the founder has answered so far; a step not yet answered is null. The rules are the defaults a new chama starts
/// with (<see cref="DefaultRules"/>) with the founder's changes made in order, each through <see cref="RuleChange.ApplyTo"/>.
/// </summary>
public sealed record SetupAnswers
{
    public string? Name { get; init; }

    public string? Code { get; init; }

    public Money? Contribution { get; init; }

    public MeetingFrequency? Frequency { get; init; }

    public DateOnly? FirstMeeting { get; init; }

    public string? FounderName { get; init; }

    public int? Seat { get; init; }

    /// <summary>The founder's changes to the default rules, oldest first.</summary>
    public IReadOnlyList<RuleChange> RuleChanges { get; init; } = [];

    /// <summary>
    /// The constitution a new chama starts with: the contribution and frequency chosen, no late fine and no welfare levy
    /// (a chama sets what it agrees), and the constitution's defaults for the rest (grace, quorum, cooling-off, pending
    /// list seen by every member, no exit deduction).
    /// </summary>
    public static Constitution DefaultRules(Money contribution, MeetingFrequency frequency) =>
        Constitution.Monthly(contribution) with { Frequency = frequency };

    /// <summary>The constitution so far, once the contribution and frequency are known.</summary>
    public Constitution? Rules() =>
        Contribution is { } contribution && Frequency is { } frequency
            ? RuleChanges.Aggregate(DefaultRules(contribution, frequency), (rules, change) => change.ApplyTo(rules))
            : null;

    /// <summary>True when <paramref name="step"/> has its answer.</summary>
    public bool Has(SetupStep step) => step switch
    {
        SetupStep.Name => Name is not null,
        SetupStep.Code => Code is not null,
        SetupStep.Contribution => Contribution is not null,
        SetupStep.Frequency => Frequency is not null,
        SetupStep.FirstMeeting => FirstMeeting is not null,
        SetupStep.FounderName => FounderName is not null,
        SetupStep.Seat => Seat is not null,
        _ => true,
    };
}
