using Chama.Core;
using static Chama.Core.Tests.Fixtures;

namespace Chama.Core.Tests;

public class RoundLedgerTests
{
    private static readonly Money Due = Money.Kes(10_000);

    [Fact]
    public void Quick_start_three_of_four_paid_is_not_disbursable()
    {
        var summary = RoundLedger.Summarise(Round(1, 1), Umoja(), Due, [Paid(1, 10_000), Paid(2, 10_000), Paid(3, 10_000)]);

        Assert.Equal("Collected: KES 30,000 / 40,000", summary.CollectedLine);
        Assert.False(summary.IsDisbursable);
        Assert.Equal(["Samuel Kimani"], summary.Defaulters.Select(d => d.Member.Name));
    }

    [Fact]
    public void Round_is_disbursable_when_collected_reaches_the_expected_pot()
    {
        var summary = RoundLedger.Summarise(Round(1, 1), Umoja(), Due, Umoja().Select(m => Paid(m.Id, 10_000)));
        Assert.True(summary.IsDisbursable);
        Assert.Equal(Money.Kes(40_000), summary.Collected);
        Assert.Empty(summary.Defaulters);
    }

    [Fact]
    public void Member_status_is_paid_partial_or_unpaid()
    {
        var summary = RoundLedger.Summarise(Round(1, 1), Umoja(), Due, [Paid(1, 10_000), Paid(2, 4_000)]);
        Assert.Equal(PaymentStatus.Paid, summary.For(1)!.Status);
        Assert.Equal(PaymentStatus.Partial, summary.For(2)!.Status);
        Assert.Equal(Money.Kes(6_000), summary.For(2)!.Remainder);
        Assert.Equal(PaymentStatus.Unpaid, summary.For(3)!.Status);
        Assert.Equal(Due, summary.For(3)!.Remainder);
    }

    [Fact]
    public void Partial_payments_add_up_until_paid()
    {
        var summary = RoundLedger.Summarise(Round(1, 1), Umoja(), Due, [Paid(2, 4_000), Paid(2, 3_000), Paid(2, 3_000)]);
        Assert.Equal(PaymentStatus.Paid, summary.For(2)!.Status);
        Assert.True(summary.For(2)!.Remainder.IsZero);
    }

    [Fact]
    public void Defaulters_are_listed_in_seat_order_with_what_each_owes()
    {
        var members = new[] { Member(1, "Late Seat 4", 4), Member(2, "Seat 2", 2), Member(3, "Seat 1", 1), Member(4, "Paid Seat 3", 3) };
        var summary = RoundLedger.Summarise(Round(1, 3), members, Due, [Paid(4, 10_000), Paid(1, 2_500)]);
        Assert.Equal(["Seat 1", "Seat 2", "Late Seat 4"], summary.Defaulters.Select(d => d.Member.Name));
        Assert.Equal([Money.Kes(10_000), Money.Kes(10_000), Money.Kes(7_500)], summary.Defaulters.Select(d => d.Remainder));
    }

    [Fact]
    public void Credit_moved_out_of_a_round_no_longer_counts_there()
    {
        PotEntry[] entries = [Paid(1, 15_000), new(1, PotEntryKind.CreditCarriedOut, Money.Kes(5_000))];
        var summary = RoundLedger.Summarise(Round(1, 1), Umoja(), Due, entries);
        Assert.Equal(Due, summary.For(1)!.Paid);
        Assert.Equal(Money.Kes(10_000), summary.Collected);
    }

    [Fact]
    public void Credit_applied_to_a_round_counts_as_paid()
    {
        var summary = RoundLedger.Summarise(Round(2, 2), Umoja(), Due, [new PotEntry(1, PotEntryKind.CreditApplied, Money.Kes(5_000))]);
        Assert.Equal(PaymentStatus.Partial, summary.For(1)!.Status);
        Assert.Equal(Money.Kes(5_000), summary.For(1)!.Remainder);
    }

    [Theory]
    [InlineData(15_000, 5_000)]
    [InlineData(10_000, 0)]
    [InlineData(4_000, 0)]
    public void Only_what_exceeds_the_due_becomes_credit(long paid, long excess) =>
        Assert.Equal(Money.Kes(excess), RoundLedger.Excess(Due, Money.Kes(paid)));

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void Zero_or_negative_amounts_are_not_payments(long minor) =>
        Assert.Equal(ChamaError.InvalidAmount, Assert.Throws<ChamaException>(() => RoundLedger.EnsurePayable(new Money(minor), "KES")).Error);
}
