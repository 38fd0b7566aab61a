using System.Globalization;
using System.Text.Json;
using Chama.Core;
using Chama.Core.Founding;

namespace Chama.Data.Founding;

/// <summary>The answers of a set-up as the draft row keeps them: JSON of plain values (amounts in minor units).</summary>
internal static class SetupAnswersJson
{
    private const string DateFormat = "yyyy-MM-dd";

    public static string Write(SetupAnswers answers) => JsonSerializer.Serialize(new Stored(
        answers.Name,
        answers.Code,
        answers.Contribution?.Currency,
        answers.Contribution?.Minor,
        answers.Frequency?.ToString(),
        answers.FirstMeeting?.ToString(DateFormat, CultureInfo.InvariantCulture),
        answers.FounderName,
        answers.Seat,
        answers.RuleChanges.Select(c => new StoredRule(c.Rule.ToString(), c.Value)).ToList()));

    public static SetupAnswers Read(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json) ?? throw new InvalidOperationException("A set-up draft has no answers.");
        return new SetupAnswers
        {
            Name = stored.Name,
            Code = stored.Code,
            Contribution = stored.Currency is { } currency && stored.ContributionMinor is { } minor ? new Money(minor, currency) : null,
            Frequency = stored.Frequency is { } frequency ? Enum.Parse<MeetingFrequency>(frequency) : null,
            FirstMeeting = stored.FirstMeeting is { } date ? DateOnly.ParseExact(date, DateFormat, CultureInfo.InvariantCulture) : null,
            FounderName = stored.FounderName,
            Seat = stored.Seat,
            RuleChanges = stored.Rules.Select(r => new RuleChange(Enum.Parse<ConstitutionRule>(r.Rule), r.Value)).ToList(),
        };
    }

    private sealed record Stored(
        string? Name,
        string? Code,
        string? Currency,
        long? ContributionMinor,
        string? Frequency,
        string? FirstMeeting,
        string? FounderName,
        int? Seat,
        List<StoredRule> Rules);

    private sealed record StoredRule(string Rule, long Value);
}
