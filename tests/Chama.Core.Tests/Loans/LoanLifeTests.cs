namespace Chama.Core.Tests.Loans;

// A loan lived day by day as the ledger runs it: each morning the months LoanPosition lists are charged by
// LoanInterest.ForPeriod on the principal then outstanding, and the borrower pays through RepaymentSplit.
public class LoanLifeTests
{
    private static readonly DateOnly PaidOut = new(2026, 1, 31);

    [Theory]
    [InlineData(InterestMethod.Flat, 1_000_000, 100, 12)]
    [InlineData(InterestMethod.Reducing, 1_000_000, 100, 12)]
    [InlineData(InterestMethod.Reducing, 3_000_000, 150, 6)]
    [InlineData(InterestMethod.Reducing, 1_234_500, 275, 9)]
    public void A_borrower_who_pays_what_is_offered_on_each_due_date_is_charged_exactly_the_schedules_interest(
        InterestMethod method, long principal, int basisPoints, int term)
    {
        var loan = new LoanLife(LoanSchedule.Plan(new Money(principal), method, basisPoints, term, PaidOut, 100), method, basisPoints);

        loan.Live(until: PaidOut.AddMonths(term + 2), pay: (position, today) => position.Next?.Due == today ? position.NextAmount : null);

        Assert.Equal(loan.Schedule.TotalInterest, loan.InterestCharged);
        Assert.True(loan.Position.Repaid);
        Assert.Equal(0, loan.MostMissed);
    }

    [Theory]
    [InlineData(InterestMethod.Reducing, 3, 27_600)] // KES 100 + 92 + 84 of the schedule's KES 663, then nothing
    [InlineData(InterestMethod.Flat, 3, 30_000)]     // flat: KES 100 a month for the three months it ran, not KES 1,200
    [InlineData(InterestMethod.Reducing, 1, 10_000)] // repaid within the first month: only its KES 100
    public void Repaying_everything_early_stops_the_interest_that_would_have_followed(InterestMethod method, int monthsRun, long interest)
    {
        var loan = new LoanLife(LoanSchedule.Plan(Money.Kes(10_000), method, 100, 12, PaidOut, 100), method, 100);
        var payOff = loan.Schedule.Instalments[monthsRun - 1].Due.AddDays(-1);

        // Instalments before it are paid on their due dates; the day before instalment monthsRun falls due, everything.
        loan.Live(until: PaidOut.AddMonths(14), pay: (position, today) =>
            today == payOff ? position.PrincipalOutstanding + position.InterestOwed + position.PenaltyOwed
            : position.Next?.Due == today ? position.NextAmount
            : null);

        Assert.Equal(interest, loan.InterestCharged.Minor);
        Assert.True(loan.Position.Repaid);
    }

    [Fact]
    public void A_borrower_who_never_pays_misses_every_instalment_and_each_is_penalised_once()
    {
        var loan = new LoanLife(LoanSchedule.Plan(Money.Kes(3_000), InterestMethod.Flat, 100, 3, PaidOut, 100), InterestMethod.Flat, 100);

        loan.Live(until: PaidOut.AddMonths(6), pay: (_, _) => null);

        Assert.Equal(3, loan.Position.Missed);
        Assert.Equal([1, 2, 3], loan.Penalised);
        Assert.Equal(Money.Kes(90), loan.InterestCharged);
        // 10% of (KES 1,000 + KES 30) on each: the month's interest is unpaid too.
        Assert.Equal(Money.Kes(309), loan.Position.PenaltyOwed);
    }

    private sealed class LoanLife(LoanSchedule schedule, InterestMethod method, int basisPoints)
    {
        private const int GraceDays = 3;
        private const int PenaltyPercent = 10;
        private readonly List<LoanCharge> charges = [];
        private readonly List<LoanRepaymentParts> repayments = [];

        public LoanSchedule Schedule => schedule;

        public LoanPosition Position { get; private set; } = LoanPosition.Of(schedule, [], [], schedule.Start, GraceDays);

        public Money InterestCharged => charges.Where(c => c.Kind == LoanChargeKind.Interest).Aggregate(Money.Kes(0), (sum, c) => sum + c.Amount);

        public IEnumerable<int> Penalised => charges.Where(c => c.Kind == LoanChargeKind.Penalty).Select(c => c.Instalment);

        public int MostMissed { get; private set; }

        public void Live(DateOnly until, Func<LoanPosition, DateOnly, Money?> pay)
        {
            for (var today = schedule.Start; today <= until; today = today.AddDays(1))
            {
                var position = PositionOn(today);
                foreach (var month in position.InterestToCharge)
                {
                    charges.Add(new(month, LoanChargeKind.Interest, LoanInterest.ForPeriod(method, basisPoints, schedule.Principal, position.PrincipalOutstanding, 100)));
                }

                foreach (var instalment in position.PenaltiesToCharge)
                {
                    charges.Add(new(instalment, LoanChargeKind.Penalty, position.PenaltyFor(instalment, PenaltyPercent, 100)));
                }

                position = PositionOn(today);
                if (pay(position, today) is { IsPositive: true } amount)
                {
                    var split = RepaymentSplit.Apply(amount, position.PenaltyOwed, position.InterestOwed, position.PrincipalOutstanding);
                    Assert.Equal(Money.Kes(0), split.Excess);
                    repayments.Add(split.Parts);
                }

                Position = PositionOn(today);
                MostMissed = Math.Max(MostMissed, Position.Missed);
            }
        }

        private LoanPosition PositionOn(DateOnly today) => LoanPosition.Of(schedule, charges, repayments, today, GraceDays);
    }
}
