using Chama.Core;
using static Chama.Core.Tests.Fixtures;

namespace Chama.Core.Tests;

public class CycleStatementTests
{
    private static readonly Member Samuel = Umoja()[3];
    private static readonly Cycle Cycle1 = new(1, 1, 1, Money.Kes(10_000), CycleStatus.Active, new DateOnly(2026, 1, 31));
    private static readonly IReadOnlyList<Round> Rounds = [Round(1, 1), Round(2, 2), Round(3, 3), Round(4, 4)];

    /// <summary>Round 2 (due 28 February) is being collected.</summary>
    private static readonly DateOnly Today = new(2026, 2, 10);

    private static DateTimeOffset On(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, NairobiTime.Offset);

    [Fact]
    public void A_round_falling_due_lowers_the_balance_and_a_payment_raises_it()
    {
        var statement = CycleStatement.Build(Samuel, Cycle1, Rounds, Today, Money.Kes(0),
        [
            new Movement(On(1, 30), MovementKind.Contribution, Money.Kes(10_000), 1, "QKJ4HT8MZ1", PaymentRoute.StkPush),
            new Movement(On(2, 5), MovementKind.Contribution, Money.Kes(4_000), 2, "CASH-0001", PaymentRoute.Recorded),
        ]);

        Assert.Equal(
            [(MovementKind.Contribution, 10_000L), (MovementKind.RoundDue, 0L), (MovementKind.Contribution, 4_000L), (MovementKind.RoundDue, -6_000L)],
            statement.Lines.Select(l => (l.Movement.Kind, l.Balance.Minor / 100)));
        Assert.Equal((Money.Kes(14_000), Money.Kes(20_000), Money.Kes(-6_000)), (statement.Paid, statement.Due, statement.Balance));
        Assert.Equal(Rounds[1], statement.CurrentRound);
    }

    [Fact]
    public void Rounds_after_the_current_one_are_not_yet_due()
    {
        var statement = CycleStatement.Build(Samuel, Cycle1, Rounds, new DateOnly(2026, 1, 5), Money.Kes(0), []);

        Assert.Equal([1], statement.Lines.Select(l => l.Movement.Round));
        Assert.Equal(Money.Kes(-10_000), statement.Balance);
    }

    [Fact]
    public void Credit_moved_between_rounds_leaves_the_balance_unchanged_and_keeps_its_place_after_the_payment()
    {
        var paid = On(1, 20);
        var statement = CycleStatement.Build(Samuel, Cycle1, Rounds, Today, Money.Kes(2_000),
        [
            new Movement(paid, MovementKind.Contribution, Money.Kes(25_000), 1, "QKJ4HT8MZ1", PaymentRoute.Paybill),
            new Movement(paid, MovementKind.CreditCarriedOut, Money.Kes(15_000), 1, "QKJ4HT8MZ1"),
            new Movement(paid, MovementKind.CreditApplied, Money.Kes(15_000), 2, "QKJ4HT8MZ1"),
            new Movement(paid, MovementKind.CreditCarriedOut, Money.Kes(5_000), 2, "QKJ4HT8MZ1"),
            new Movement(paid, MovementKind.CreditApplied, Money.Kes(5_000), 3, "QKJ4HT8MZ1"),
        ]);

        Assert.Equal(
            [(MovementKind.Contribution, (int?)1), (MovementKind.CreditCarriedOut, 1), (MovementKind.CreditApplied, 2), (MovementKind.CreditCarriedOut, 2), (MovementKind.CreditApplied, 3),
             (MovementKind.RoundDue, 1), (MovementKind.RoundDue, 2)],
            statement.Lines.Select(l => (l.Movement.Kind, l.Movement.Round)));
        Assert.Equal([27_000L, 27_000, 27_000, 27_000, 27_000, 17_000, 7_000], statement.Lines.Select(l => l.Balance.Minor / 100));
        Assert.Equal(Money.Kes(2_000), statement.BroughtForward);
        Assert.Equal([MovementKind.Contribution, MovementKind.RoundDue, MovementKind.RoundDue], statement.Last(5).Select(l => l.Movement.Kind));
    }

    [Fact]
    public void Fines_welfare_and_payouts_are_listed_in_order_without_moving_the_balance()
    {
        var statement = CycleStatement.Build(Samuel, Cycle1, Rounds, Today, Money.Kes(0),
        [
            new Movement(On(2, 4), MovementKind.FineCharged, Money.Kes(200), 1, "7"),
            new Movement(On(2, 5), MovementKind.FineWaived, Money.Kes(200), 1, "7"),
            new Movement(On(2, 6), MovementKind.FineCharged, Money.Kes(200), 1, "8"),
            new Movement(On(2, 7), MovementKind.FinePaid, Money.Kes(200), 1, "QKJ4HT8MF1", PaymentRoute.StkPush),
            new Movement(On(2, 7), MovementKind.WelfarePaid, Money.Kes(100), null, "QKJ4HT8MF1", PaymentRoute.StkPush),
            new Movement(On(2, 8), MovementKind.WelfarePaid, Money.Kes(500), null, "QKJ4HT8MW1", PaymentRoute.StkPush, Voluntary: true),
            new Movement(On(2, 9), MovementKind.WelfareReceived, Money.Kes(3_000), null, "W2"),
            new Movement(On(2, 9), MovementKind.PotReceived, Money.Kes(40_000), 1, "P1"),
        ]);

        Assert.All(statement.Lines.Skip(1).SkipLast(1), line => Assert.Equal(Money.Kes(-10_000), line.Balance));
        Assert.Equal((MovementKind.RoundDue, Money.Kes(-20_000)), (statement.Lines[^1].Movement.Kind, statement.Balance));
        Assert.Equal(
            (Money.Kes(400), Money.Kes(200), Money.Kes(200), Money.Kes(600), Money.Kes(3_000), Money.Kes(40_000)),
            (statement.FinesCharged, statement.FinesWaived, statement.FinesPaid, statement.WelfarePaid, statement.WelfareReceived, statement.PotsReceived));
        Assert.Equal([MovementKind.WelfareReceived, MovementKind.PotReceived, MovementKind.RoundDue], statement.Last(3).Select(l => l.Movement.Kind));
    }

    [Fact]
    public void A_joiner_owes_nothing_before_their_first_round()
    {
        var statement = CycleStatement.Build(Samuel, Cycle1, Rounds, new DateOnly(2026, 3, 20), Money.Kes(0), [], new CycleJoin(Samuel.Id, FromRound: 3, OwnRound: 5));

        Assert.Equal([3], statement.Lines.Select(l => l.Movement.Round));
        Assert.Equal(Money.Kes(-10_000), statement.Balance);
    }

    /// <summary>
    /// The statement's balance is what BALANCE shows (credit less due now and arrears) and its paid total is every payment,
    /// for random sequences of payments into random rounds, credit brought forward and joins, on random days. The
    /// payments are recorded by the ledger's rule: what a round does not take moves on to the next round as credit, and
    /// beyond the last round stays as credit unapplied.
    /// </summary>
    [Fact]
    public void For_random_payments_the_balance_is_credit_less_due_now_and_arrears_and_paid_is_every_payment()
    {
        var random = new Random(20261203);
        for (var trial = 0; trial < 500; trial++)
        {
            var contribution = Money.Kes(random.Next(1, 21) * 500);
            var cycle = Cycle1 with { Contribution = contribution };
            var rounds = Enumerable.Range(1, random.Next(1, 9)).Select(n => Round(n, 1 + (n % 4), contributionShillings: contribution.Minor / 100)).ToList();
            var join = random.Next(4) == 0 ? new CycleJoin(Samuel.Id, random.Next(1, rounds.Count + 1), rounds.Count + 1) : null;
            var today = rounds[0].DueDate.AddDays(random.Next(-20, 31 * rounds.Count + 20));
            var broughtForward = Money.Kes(random.Next(3) == 0 ? random.Next(1, 5_000) : 0);
            var recorded = RecordRandomPayments(random, cycle, rounds, join);

            var statement = CycleStatement.Build(Samuel, cycle, rounds, today, broughtForward, recorded.Movements, join);
            var balance = MemberStatement.For(Samuel, cycle, rounds, recorded.PaidByRound, today, recorded.Unapplied + broughtForward, Money.Kes(0), join: join);

            Assert.Equal(balance.Credit - balance.DueNow - balance.Arrears, statement.Balance);
            Assert.Equal(recorded.Payments, statement.Paid);
            Assert.Equal(balance.Paid + recorded.Unapplied, statement.Paid);
            Assert.Equal(statement.BroughtForward + statement.Paid - statement.Due, statement.Balance);
            Assert.True(statement.Lines.Zip(statement.Lines.Skip(1)).All(pair => pair.First.Movement.At <= pair.Second.Movement.At), "lines in time order");
        }
    }

    private sealed record Recorded(List<Movement> Movements, Dictionary<long, Money> PaidByRound, Money Unapplied, Money Payments);

    private static Recorded RecordRandomPayments(Random random, Cycle cycle, IReadOnlyList<Round> rounds, CycleJoin? join)
    {
        var zero = Money.Kes(0);
        var movements = new List<Movement>();
        var paid = rounds.ToDictionary(r => r.Id, _ => zero);
        var (unapplied, payments) = (zero, zero);
        var at = new DateTimeOffset(rounds[0].DueDate.AddDays(-30).ToDateTime(TimeOnly.MinValue), NairobiTime.Offset);
        for (var count = random.Next(0, 15); count > 0; count--)
        {
            at = at.AddHours(random.Next(1, 24 * 20));
            var round = rounds[random.Next(rounds.Count)];
            var amount = Money.Kes(random.Next(1, 3 * (int)(cycle.Contribution.Minor / 100)));
            movements.Add(new Movement(at, MovementKind.Contribution, amount, round.Number, $"R{count}", PaymentRoute.StkPush));
            payments += amount;
            paid[round.Id] += amount;
            for (var index = round.Number - 1; index < rounds.Count; index++)
            {
                var due = join?.IsBefore(rounds[index].Number) ?? false ? zero : cycle.Contribution;
                var excess = RoundLedger.Excess(due, paid[rounds[index].Id]);
                if (!excess.IsPositive)
                {
                    break;
                }

                paid[rounds[index].Id] -= excess;
                movements.Add(new Movement(at, MovementKind.CreditCarriedOut, excess, rounds[index].Number, $"R{count}"));
                if (index + 1 == rounds.Count)
                {
                    unapplied += excess;
                    break;
                }

                paid[rounds[index + 1].Id] += excess;
                movements.Add(new Movement(at, MovementKind.CreditApplied, excess, rounds[index + 1].Number, $"R{count}"));
            }
        }

        return new Recorded(movements, paid, unapplied, payments);
    }
}
