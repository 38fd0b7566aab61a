using System.Globalization;
using Chama.Core;

namespace Chama.Data.Cycles;

internal sealed class CycleRow
{
    public long Id { get; init; }
    public long ChamaId { get; init; }
    public long Number { get; init; }
    public long ContributionMinor { get; init; }
    public string Currency { get; init; } = "";
    public string Status { get; init; } = "";
    public string StartsOn { get; init; } = "";

    public const string Select = "SELECT id, chama_id, number, contribution_minor, currency, status, starts_on FROM cycles";

    public Cycle ToCycle() => new(
        Id, ChamaId, (int)Number, new Money(ContributionMinor, Currency), Enum.Parse<CycleStatus>(Status), DateOnly.Parse(StartsOn, CultureInfo.InvariantCulture));
}

internal sealed class RoundRow
{
    public long Id { get; init; }
    public long CycleId { get; init; }
    public long Number { get; init; }
    public long RecipientMemberId { get; init; }
    public string DueDate { get; init; } = "";
    public long ExpectedPotMinor { get; init; }
    public string Currency { get; init; } = "";

    public const string Select =
        """
        SELECT r.id, r.cycle_id, r.number, r.recipient_member_id, r.due_date, r.expected_pot_minor, c.currency
        FROM rounds r JOIN cycles c ON c.id = r.cycle_id
        """;

    public Round ToRound() => new(
        Id, CycleId, (int)Number, RecipientMemberId, DateOnly.Parse(DueDate, CultureInfo.InvariantCulture), new Money(ExpectedPotMinor, Currency));
}

internal static class DateFormat
{
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
