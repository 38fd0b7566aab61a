namespace Chama.Core;

/// <summary>
/// Where a loan stands on a given day, folded from its schedule, the charges the ledger has made and the repayments
/// applied. Principal repaid covers the instalments oldest first, whenever it was paid; interest repaid covers the
/// oldest month's interest first. Used for BALANCE, PAY, reminders, penalties and default.
/// </summary>
public sealed class LoanPosition
{
    private readonly LoanSchedule schedule;
    private readonly IReadOnlyList<LoanCharge> charges;
    private readonly Money[] uncovered;
    private readonly Money interestRepaid;

    private LoanPosition(LoanSchedule schedule, IReadOnlyList<LoanCharge> charges, IReadOnlyList<LoanRepaymentParts> repayments, DateOnly today, int graceDays)
    {
        this.schedule = schedule;
        this.charges = charges;
        var zero = Money.Zero(schedule.Principal.Currency);
        var principalRepaid = repayments.Aggregate(zero, (sum, r) => sum + r.Principal);
        interestRepaid = repayments.Aggregate(zero, (sum, r) => sum + r.Interest);
        var penaltyRepaid = repayments.Aggregate(zero, (sum, r) => sum + r.Penalty);

        PrincipalOutstanding = Money.Max(zero, schedule.Principal - principalRepaid);
        InterestOwed = Money.Max(zero, Charged(LoanChargeKind.Interest, zero) - interestRepaid);
        PenaltyOwed = Money.Max(zero, Charged(LoanChargeKind.Penalty, zero) - penaltyRepaid);

        uncovered = new Money[schedule.Instalments.Count];
        var cover = principalRepaid;
        for (var i = 0; i < uncovered.Length; i++)
        {
            var principal = schedule.Instalments[i].Principal;
            var covered = Money.Max(zero, Money.Min(principal, cover));
            uncovered[i] = principal - covered;
            cover -= covered;
        }

        var owed = InterestOwed + PenaltyOwed;
        var missed = schedule.Instalments.Where(i => IsUnpaid(i) && i.Due.AddDays(graceDays) < today).Select(i => i.Number).ToList();
        DueNow = schedule.Instalments.Where(i => i.Due <= today).Aggregate(owed, (sum, i) => sum + Uncovered(i));
        Next = schedule.Instalments.FirstOrDefault(IsUnpaid);
        NextAmount = Next is null ? owed : Uncovered(Next) + owed;
        Missed = missed.Count;
        PenaltiesToCharge = missed.Where(k => !HasCharge(k, LoanChargeKind.Penalty)).ToList();
        InterestToCharge = PrincipalOutstanding.IsPositive
            ? schedule.Instalments.Select(i => i.Number).Where(k => MonthStart(k) <= today && !HasCharge(k, LoanChargeKind.Interest)).ToList()
            : [];
        Repaid = PrincipalOutstanding.IsZero && InterestOwed.IsZero && PenaltyOwed.IsZero;
    }

    public Money PrincipalOutstanding { get; }

    /// <summary>Interest charged less interest repaid.</summary>
    public Money InterestOwed { get; }

    /// <summary>Penalties charged less penalties repaid.</summary>
    public Money PenaltyOwed { get; }

    /// <summary>The principal of every instalment due on or before today that repayments have not covered, plus the interest and penalties owed.</summary>
    public Money DueNow { get; }

    /// <summary>The first instalment whose principal is not fully covered; null when all are.</summary>
    public Instalment? Next { get; }

    /// <summary>What clears <see cref="Next"/>: its uncovered principal plus the interest and penalties owed.</summary>
    public Money NextAmount { get; }

    /// <summary>Instalments not fully covered whose grace days ended before today.</summary>
    public int Missed { get; }

    /// <summary>Missed instalments not yet charged their penalty.</summary>
    public IReadOnlyList<int> PenaltiesToCharge { get; }

    /// <summary>
    /// Months whose interest is to be charged now: principal is outstanding, the month has started and it has no interest
    /// charge yet. Month 1 starts the day the loan is paid out; month k starts the day after instalment k−1 falls due, so
    /// that an instalment paid on its due date is applied before the next month's interest is reckoned on the balance.
    /// </summary>
    public IReadOnlyList<int> InterestToCharge { get; }

    /// <summary>Nothing is owed: no principal, interest or penalty.</summary>
    public bool Repaid { get; }

    public static LoanPosition Of(LoanSchedule schedule, IReadOnlyList<LoanCharge> charges, IReadOnlyList<LoanRepaymentParts> repayments, DateOnly today, int graceDays)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(charges);
        ArgumentNullException.ThrowIfNull(repayments);
        return new LoanPosition(schedule, charges, repayments, today, graceDays);
    }

    /// <summary>The principal of an instalment that repayments have not covered yet.</summary>
    public Money Uncovered(Instalment instalment)
    {
        ArgumentNullException.ThrowIfNull(instalment);
        return uncovered[IndexOf(instalment.Number)];
    }

    /// <summary>
    /// The late penalty on an instalment: <paramref name="penaltyPercent"/> percent of what is unpaid of it, rounded once to
    /// the unit. What is unpaid of it is its uncovered principal plus what is unpaid of its month's interest charge
    /// (interest repaid covers the oldest month first); penalties already charged are not themselves penalised.
    /// </summary>
    public Money PenaltyFor(int instalment, int penaltyPercent, long unit)
    {
        var index = IndexOf(instalment);
        var unpaid = uncovered[index] + UnpaidInterestOf(instalment);
        return LoanRounding.Round(unpaid.Minor * (decimal)penaltyPercent / 100, unpaid.Currency, unit);
    }

    private Money UnpaidInterestOf(int month)
    {
        var zero = Money.Zero(schedule.Principal.Currency);
        var interest = charges.Where(c => c.Kind == LoanChargeKind.Interest).OrderBy(c => c.Instalment).ToList();
        var earlier = interest.Where(c => c.Instalment < month).Aggregate(zero, (sum, c) => sum + c.Amount);
        var charged = interest.Where(c => c.Instalment == month).Aggregate(zero, (sum, c) => sum + c.Amount);
        var coverLeft = Money.Max(zero, interestRepaid - earlier);
        return charged - Money.Min(charged, coverLeft);
    }

    private DateOnly MonthStart(int month) =>
        month == 1 ? schedule.Start : schedule.Instalments[IndexOf(month - 1)].Due.AddDays(1);

    private bool IsUnpaid(Instalment instalment) => Uncovered(instalment).IsPositive;

    private bool HasCharge(int instalment, LoanChargeKind kind) => charges.Any(c => c.Instalment == instalment && c.Kind == kind);

    private Money Charged(LoanChargeKind kind, Money zero) => charges.Where(c => c.Kind == kind).Aggregate(zero, (sum, c) => sum + c.Amount);

    private int IndexOf(int instalment) =>
        instalment >= 1 && instalment <= uncovered.Length
            ? instalment - 1
            : throw new ArgumentOutOfRangeException(nameof(instalment), instalment, "The schedule has no such instalment.");
}
