using System.Globalization;

namespace Chama.Core;

public enum FineStatus
{
    Owed,
    Waived,
    Paid,
}

/// <summary>
/// A late fine charged to a member for one round, with the rule it was charged under. <paramref name="Day"/> is the day
/// of lateness it was charged for: 1 for a flat fine, 1, 2, 3, … for a fine per day.
/// </summary>
public sealed record Fine(long Id, long ChamaId, long RoundId, long MemberId, Money Amount, string Rule, DateTimeOffset ChargedAt, FineStatus Status, int Day = 1)
{
    public bool IsOwed => Status == FineStatus.Owed;
}

/// <summary>One fine a member owes for a day of lateness in a round: day 1 starts when the grace period ends.</summary>
public sealed record DayFine(int Day, Money Amount);

/// <summary>
/// The late-fine rule: a member not fully paid when a round's grace period has ended is fined the constitution's late
/// fine, either once for that round (flat) or once for each day late, never more in all than the cap per round. The
/// grace period runs to the end (23:59:59 Nairobi time) of the last grace day; each day late is a Nairobi day.
/// </summary>
public static class LateFines
{
    /// <summary>The first moment a fine may be charged: midnight Nairobi time after the last grace day.</summary>
    public static DateTimeOffset GraceEndsAt(DateOnly dueDate, int graceDays) =>
        new(dueDate.AddDays(graceDays + 1).ToDateTime(TimeOnly.MinValue), NairobiTime.Offset);

    public static bool GraceHasEnded(DateOnly dueDate, int graceDays, DateTimeOffset now) => now >= GraceEndsAt(dueDate, graceDays);

    /// <summary>Which day of lateness <paramref name="now"/> falls in: 0 within the grace period, 1 from the midnight it ends.</summary>
    public static int DaysLate(DateOnly dueDate, int graceDays, DateTimeOffset now)
    {
        var late = now - GraceEndsAt(dueDate, graceDays);
        return late < TimeSpan.Zero ? 0 : checked((int)(late.Ticks / TimeSpan.TicksPerDay) + 1);
    }

    /// <summary>
    /// The fines a member not fully paid owes for a round now and has not yet been charged, given those already charged.
    /// Flat: day 1's fine, unless any fine is charged for the round. Per day: one for each day late not yet charged (a
    /// day the scheduler missed is caught up), each the daily fine but the last cut to what the cap leaves.
    /// </summary>
    public static IReadOnlyList<DayFine> Due(Constitution constitution, DateOnly dueDate, DateTimeOffset now, IReadOnlyCollection<DayFine> charged)
    {
        var daysLate = DaysLate(dueDate, constitution.GraceDays, now);
        if (!Applies(constitution) || daysLate == 0)
        {
            return [];
        }

        if (constitution.FineMode == FineMode.Flat)
        {
            return charged.Count == 0 ? [new DayFine(1, constitution.LateFine)] : [];
        }

        var cap = constitution.FineCap ?? Money.Zero(constitution.Currency);
        var total = charged.Aggregate(Money.Zero(constitution.Currency), (sum, fine) => sum + fine.Amount);
        var days = charged.Select(f => f.Day).ToHashSet();
        var due = new List<DayFine>();
        for (var day = 1; day <= daysLate && total < cap; day++)
        {
            if (days.Contains(day))
            {
                continue;
            }

            var amount = Money.Min(constitution.LateFine, cap - total);
            due.Add(new DayFine(day, amount));
            total += amount;
        }

        return due;
    }

    /// <summary>Whether the constitution fines at all.</summary>
    public static bool Applies(Constitution constitution) => constitution.LateFine.IsPositive;

    /// <summary>The rule as written into each fine, quoted in the messages about it.</summary>
    public static string Rule(Constitution constitution) => constitution.FineMode == FineMode.PerDay
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"late fine {constitution.LateFine} for each day a round is not fully paid more than {constitution.GraceDays} days after its due date, up to {constitution.FineCap} a round; fines go to the {FundName(constitution.FinesGoTo)}")
        : string.Create(
            CultureInfo.InvariantCulture,
            $"late fine {constitution.LateFine} when a round is not fully paid {constitution.GraceDays} days after its due date; fines go to the {FundName(constitution.FinesGoTo)}");

    private static string FundName(Fund fund) => fund == Fund.Welfare ? "welfare fund" : "pot";
}
