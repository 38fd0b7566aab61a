using System.Globalization;

namespace Chama.Core;

public enum FineStatus
{
    Owed,
    Waived,
    Paid,
}

/// <summary>A late fine charged to a member for one round, with the rule it was charged under.</summary>
public sealed record Fine(long Id, long ChamaId, long RoundId, long MemberId, Money Amount, string Rule, DateTimeOffset ChargedAt, FineStatus Status)
{
    public bool IsOwed => Status == FineStatus.Owed;
}

/// <summary>
/// The late-fine rule: a member not fully paid when a round's grace period has ended is fined the constitution's flat
/// late fine, once for that round. The grace period runs to the end (23:59:59 Nairobi time) of the last grace day.
/// </summary>
public static class LateFines
{
    /// <summary>The first moment a fine may be charged: midnight Nairobi time after the last grace day.</summary>
    public static DateTimeOffset GraceEndsAt(DateOnly dueDate, int graceDays) =>
        new(dueDate.AddDays(graceDays + 1).ToDateTime(TimeOnly.MinValue), NairobiTime.Offset);

    public static bool GraceHasEnded(DateOnly dueDate, int graceDays, DateTimeOffset now) => now >= GraceEndsAt(dueDate, graceDays);

    /// <summary>Whether the constitution fines at all.</summary>
    public static bool Applies(Constitution constitution) => constitution.LateFine.IsPositive;

    /// <summary>The rule as written into each fine, quoted in the messages about it.</summary>
    public static string Rule(Constitution constitution) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"late fine {constitution.LateFine} when a round is not fully paid {constitution.GraceDays} days after its due date; fines go to the {FundName(constitution.FinesGoTo)}");

    private static string FundName(Fund fund) => fund == Fund.Welfare ? "welfare fund" : "pot";
}
