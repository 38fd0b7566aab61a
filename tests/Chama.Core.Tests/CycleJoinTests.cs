using Chama.Core;
using static Chama.Core.Tests.Fixtures;

namespace Chama.Core.Tests;

/// <summary>The rules of a member joining a running cycle: from which round, their own round, and what each round expects.</summary>
public class CycleJoinTests
{
    private static readonly Money Due = Money.Kes(10_000);
    private static readonly Member Esther = Member(5, "Esther Njeri", 5);
    private static readonly IReadOnlyList<Member> WithEsther = [.. Umoja(), Esther];

    private static DateOnly Day(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_joiner_owes_nothing_before_their_first_round_and_rounds_from_it_expect_them()
    {
        var joins = new Dictionary<long, CycleJoin> { [5] = new CycleJoin(5, 2, 5) };

        var before = RoundLedger.Summarise(Round(1, 1), WithEsther, Due, [], joins: joins);
        var from = RoundLedger.Summarise(Round(2, 2), WithEsther, Due, [], joins: joins);
        var own = RoundLedger.Summarise(Round(5, 5, members: 5), WithEsther, Due, [], joins: joins);

        Assert.Equal((Money.Kes(40_000), Money.Zero("KES")), (before.ExpectedPot, before.For(5)!.Due));
        Assert.DoesNotContain(before.Defaulters, d => d.Member.Id == 5);
        Assert.Equal((Money.Kes(50_000), Due), (from.ExpectedPot, from.For(5)!.Due));
        Assert.Equal((Money.Kes(50_000), Due), (own.ExpectedPot, own.For(5)!.Due));
    }

    [Fact]
    public void A_joiner_who_later_leaves_is_neither_added_nor_released_before_their_first_round()
    {
        var joins = new Dictionary<long, CycleJoin> { [5] = new CycleJoin(5, 3, 5) };
        var leftFrom = new Dictionary<long, int> { [5] = 2 };

        Assert.Equal(Money.Kes(40_000), RoundLedger.Summarise(Round(2, 2), WithEsther, Due, [], leftFrom, joins).ExpectedPot);
        Assert.Equal(Money.Kes(40_000), RoundLedger.Summarise(Round(3, 3), WithEsther, Due, [], leftFrom, joins).ExpectedPot);
        Assert.Equal(Money.Kes(40_000), RoundLedger.Summarise(Round(5, 5, members: 5), WithEsther, Due, [], leftFrom, joins).ExpectedPot);
    }

    [Fact]
    public void The_first_round_to_join_is_neither_paid_out_nor_due_yet()
    {
        IReadOnlyList<Round> rounds = [Round(1, 1), Round(2, 2), Round(3, 3), Round(4, 4)];

        Assert.Equal(1, CycleJoin.FirstRoundToJoin(rounds, new HashSet<long>(), new DateOnly(2026, 1, 30))!.Number);
        Assert.Equal(2, CycleJoin.FirstRoundToJoin(rounds, new HashSet<long>(), new DateOnly(2026, 1, 31))!.Number);
        Assert.Equal(3, CycleJoin.FirstRoundToJoin(rounds, new HashSet<long> { 1, 2 }, new DateOnly(2026, 1, 10))!.Number);
        Assert.Null(CycleJoin.FirstRoundToJoin(rounds, new HashSet<long>(), new DateOnly(2026, 4, 30)));
    }

    [Theory]
    [InlineData(MeetingFrequency.Weekly, "2026-01-03", "2026-01-31")]
    [InlineData(MeetingFrequency.Fortnightly, "2026-01-03", "2026-02-28")]
    [InlineData(MeetingFrequency.Monthly, "2026-01-31", "2026-05-31")]
    public void The_joiners_round_comes_one_period_of_the_cycle_after_its_last(MeetingFrequency frequency, string startsOn, string expected)
    {
        var cycle = new Cycle(1, 1, 1, Due, CycleStatus.Active, Day(startsOn));
        IReadOnlyList<Round> rounds = [.. Enumerable.Range(0, 4).Select(i => Round(i + 1, i + 1) with { DueDate = Rotation.DueDateOf(cycle.StartsOn, frequency, i) })];

        // The frequency in force now (weekly) does not change a running cycle's period: that applies from the next cycle.
        Assert.Equal((5, Day(expected)), CycleJoin.AppendedRound(cycle, rounds, MeetingFrequency.Weekly));
    }

    [Theory]
    [InlineData("J3", true, 3L)]
    [InlineData("j12", true, 12L)]
    [InlineData("J", false, 0L)]
    [InlineData("R3", false, 0L)]
    public void A_join_proposal_is_named_by_its_J_code(string text, bool valid, long id)
    {
        Assert.Equal((valid, id), (JoinProposal.TryParseCode(text, out var parsed), parsed));
        if (valid)
        {
            Assert.Equal($"J{id}", JoinProposal.CodeFor(id));
        }
    }

    [Fact]
    public void The_joining_members_own_approval_does_not_count_and_one_officer_counts_once()
    {
        var proposal = new JoinProposal(1, 1, 1, Member(5, "Esther Njeri", 5, MemberRoles.Secretary), 1,
            [new OfficerDecision(1, Decision.Approve, null), new OfficerDecision(5, Decision.Approve, null), new OfficerDecision(1, Decision.Approve, null)], 2, null);

        Assert.Equal(1, proposal.Approvals);
        Assert.False(proposal.HasQuorum);
    }

    [Fact]
    public void A_joiner_who_leaves_after_their_pot_owes_only_the_rounds_from_their_first()
    {
        IReadOnlyList<Round> rounds = [.. Enumerable.Range(1, 5).Select(n => Round(n, n) with { Id = n })];
        var paid = new Dictionary<long, Money> { [3] = Due, [4] = Due };

        var terms = ExitTerms.For(5, Due, rounds, paid, new HashSet<long> { 1, 2, 3, 4, 5 }, Money.Zero("KES"), 0, new CycleJoin(5, 3, 5));

        Assert.True(terms.ReceivedPot);
        Assert.Equal(Due, terms.Outstanding);
    }
}
