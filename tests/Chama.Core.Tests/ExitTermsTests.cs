using Chama.Core;
using static Chama.Core.Tests.Fixtures;

namespace Chama.Core.Tests;

public class ExitTermsTests
{
    private static readonly Money Due = Money.Kes(10_000);
    private static readonly Round[] Rounds = [Round(1, 1) with { Id = 1 }, Round(2, 2) with { Id = 2 }, Round(3, 3) with { Id = 3 }, Round(4, 4) with { Id = 4 }];

    [Fact]
    public void A_member_yet_to_receive_is_refunded_what_they_paid_less_the_deduction_and_fines()
    {
        var paid = new Dictionary<long, Money> { [1] = Money.Kes(10_000), [2] = Money.Kes(4_000) };
        var terms = ExitTerms.For(4, Due, Rounds, paid, new HashSet<long> { 1 }, Money.Kes(200), deductionPercent: 10);

        Assert.Equal(2, terms.FromRound);
        Assert.False(terms.ReceivedPot);
        Assert.Equal(Money.Kes(14_000), terms.Paid);
        Assert.Equal(Money.Kes(14_000 - 1_400 - 200), terms.Refund);
        Assert.Equal(Money.Kes(0), terms.Outstanding);
    }

    [Fact]
    public void A_member_who_received_owes_every_round_not_paid_and_their_fines()
    {
        var paid = new Dictionary<long, Money> { [1] = Money.Kes(10_000) };
        var terms = ExitTerms.For(1, Due, Rounds, paid, new HashSet<long> { 1 }, Money.Kes(200), deductionPercent: 0);

        Assert.True(terms.ReceivedPot);
        Assert.Equal(Money.Kes(0), terms.Refund);
        Assert.Equal(Money.Kes(30_200), terms.Outstanding);
    }

    [Fact]
    public void A_round_stops_expecting_a_member_from_the_round_they_left()
    {
        var leftFrom = new Dictionary<long, int> { [4] = 2 };
        var before = RoundLedger.Summarise(Round(1, 1), Umoja(), Due, [Paid(1, 10_000)], leftFrom);
        var after = RoundLedger.Summarise(Round(2, 2), Umoja(), Due, [Paid(1, 10_000)], leftFrom);

        Assert.Equal("Collected: KES 10,000 / 40,000", before.CollectedLine);
        Assert.Contains(before.Defaulters, d => d.Member.Id == 4);
        Assert.Equal("Collected: KES 10,000 / 30,000", after.CollectedLine);
        Assert.DoesNotContain(after.Defaulters, d => d.Member.Id == 4);
    }
}
