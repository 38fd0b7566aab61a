using Chama.Conversations.Flows;
using Chama.Core;

namespace Chama.Conversations.Tests;

public class InputTests
{
    [Theory]
    [InlineData("5000", 5_000)]
    [InlineData("5,000", 5_000)]
    [InlineData(" KES 5000 ", 5_000)]
    [InlineData("ksh 12,500.00", 12_500)]
    [InlineData("Sh.250000", 250_000)]
    public void Amounts_are_read_as_members_write_them(string text, long shillings)
    {
        Assert.True(Input.TryParseShillings(text, out var amount));
        Assert.Equal(Money.Kes(shillings), amount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("10.50")]
    [InlineData("ten")]
    [InlineData("5,00")]
    [InlineData("99999999999999")]
    [InlineData("1e5")]
    public void Anything_else_is_not_an_amount(string text) => Assert.False(Input.TryParseShillings(text, out _));

    [Theory]
    [InlineData("", "", "")]
    [InlineData("", "1", "1")]
    [InlineData("1", "1*2", "2")]
    [InlineData("1*2", "1*2*500", "500")]
    [InlineData("4*1*3000", "4*1*3000*bad*luck", "bad*luck")]
    [InlineData(null, "1*2*3", "3")]
    [InlineData("9*9", "1*2", "2")]
    public void The_newest_USSD_step_is_what_follows_the_previous_input(string? previous, string cumulative, string latest) =>
        Assert.Equal(latest, UssdInput.Read(previous, cumulative, secret: false).Latest);

    [Fact]
    public void A_USSD_step_answering_a_PIN_prompt_is_read_as_typed_and_kept_hidden()
    {
        var (latest, kept) = UssdInput.Read("6*1*1", "6*1*1*4829", secret: true);

        Assert.Equal("4829", latest);
        Assert.Equal("6*1*1*####", kept);
    }

    [Fact]
    public void The_hop_after_a_hidden_PIN_follows_the_kept_input_and_keeps_the_PIN_hidden()
    {
        var (latest, kept) = UssdInput.Read("6*1*1*####", "6*1*1*4829*0", secret: false);

        Assert.Equal("0", latest);
        Assert.Equal("6*1*1*####*0", kept);
        Assert.DoesNotContain("4829", kept);
    }

    [Fact]
    public void A_retried_PIN_hop_is_recognised_from_the_hidden_input()
    {
        Assert.True(UssdInput.SameAs("6*1*1*####", "6*1*1*4829"));
        Assert.False(UssdInput.SameAs("6*1*1*####", "6*1*1*4829*1"));
        Assert.False(UssdInput.SameAs("6*1*1*####", "6*1*2*4829"));
        Assert.False(UssdInput.SameAs("6*1*1*####", "6*1*1*48*9"));
    }

    [Fact]
    public void Input_that_does_not_follow_the_kept_input_is_kept_wholly_hidden()
    {
        var (latest, kept) = UssdInput.Read("9*9", "6*1*1*4829*2", secret: false);

        Assert.Equal("2", latest);
        Assert.Equal("#*#*#*####*#", kept);
    }

    [Fact]
    public void A_PIN_typed_after_its_session_was_lost_is_read_but_never_kept()
    {
        var (latest, kept) = UssdInput.Read(null, "6*1*1*4829", secret: false);

        Assert.Equal("4829", latest);
        Assert.Equal("#*#*#*####", kept);
    }

    [Fact]
    public void A_first_hop_without_earlier_steps_is_kept_as_typed()
    {
        var (latest, kept) = UssdInput.Read(null, "2", secret: false);

        Assert.Equal(("2", "2"), (latest, kept));
    }

    [Theory]
    [InlineData("PAY", CommandKind.StartFlow, "pay")]
    [InlineData("lipa", CommandKind.StartFlow, "pay")]
    [InlineData("Salio", CommandKind.StartFlow, "balance")]
    [InlineData("PENDING", CommandKind.StartFlow, "pending")]
    [InlineData("msaada", CommandKind.StartFlow, "welfare")]
    [InlineData("APPROVALS", CommandKind.StartFlow, "approvals")]
    [InlineData("menu", CommandKind.Menu, null)]
    [InlineData("00", CommandKind.Menu, null)]
    [InlineData("HELP", CommandKind.Help, null)]
    [InlineData("pay me back", CommandKind.None, null)]
    [InlineData("1", CommandKind.None, null)]
    public void Keywords_are_whole_messages_in_English_or_Swahili(string text, CommandKind kind, string? flow)
    {
        var command = Keywords.Read(text);
        Assert.Equal(kind, command.Kind);
        Assert.Equal(flow, command.Flow);
    }

    [Theory]
    [InlineData("SWAP 3", 3)]
    [InlineData("badilisha 1", 1)]
    public void A_swap_request_names_the_seat(string text, int seat)
    {
        var command = Keywords.Read(text);
        Assert.Equal(CommandKind.Swap, command.Kind);
        Assert.Equal(seat, command.SwapSeat);
    }

    [Theory]
    [InlineData("ACCEPT SWAP", true, null)]
    [InlineData("decline swap 12", false, 12L)]
    [InlineData("Kubali zamu 7", true, 7L)]
    [InlineData("KATAA ZAMU", false, null)]
    public void A_swap_is_answered_with_its_own_words_not_approve_or_reject(string text, bool accept, long? swapId)
    {
        var command = Keywords.Read(text);
        Assert.Equal(CommandKind.AnswerSwap, command.Kind);
        Assert.Equal((accept, swapId), command.SwapAnswer);
        Assert.Equal(CommandKind.None, Keywords.Read("SWAP").Kind);
        Assert.Equal(CommandKind.None, Keywords.Read("ACCEPT SWAP soon").Kind);
    }

    [Fact]
    public void Decisions_carry_their_code_and_reason()
    {
        var command = Keywords.Read("reject w12  the family already got help");
        Assert.Equal(CommandKind.Decide, command.Kind);
        Assert.Equal(Decision.Reject, command.Decision);
        Assert.Equal("W12", command.Code);
        Assert.Equal("the family already got help", command.Reason);
        Assert.Equal(CommandKind.Language, Keywords.Read("kiswahili").Kind);
        Assert.Equal(CommandKind.None, Keywords.Read("APPROVE X12").Kind);
    }

    [Theory]
    [InlineData("ALLOCATE 3 4", 3L, 4)]
    [InlineData("gawa 12 1", 12L, 1)]
    public void Allocate_names_a_held_payment_and_a_seat(string text, long id, int seat) =>
        Assert.Equal((id, seat), Keywords.Read(text).Allocation);

    [Theory]
    [InlineData("ALLOCATE 3")]
    [InlineData("ALLOCATE three 4")]
    [InlineData("ALLOCATE 3 -4")]
    public void An_incomplete_allocation_is_not_a_command(string text) => Assert.Equal(CommandKind.None, Keywords.Read(text).Kind);

    [Theory]
    [InlineData("WAIVE 7 sick in hospital", 7L, "sick in hospital")]
    [InlineData("samehe 12  alikuwa safarini", 12L, "alikuwa safarini")]
    [InlineData("WAIVE 7", 7L, null)]
    public void Waive_names_a_fine_and_a_reason(string text, long id, string? reason)
    {
        var command = Keywords.Read(text);
        Assert.Equal((CommandKind.Waive, id, reason), (command.Kind, command.FineId, command.Reason));
    }

    [Theory]
    [InlineData("WAIVE")]
    [InlineData("WAIVE seven sick")]
    [InlineData("WAIVE -7 sick")]
    public void A_waiver_without_a_fine_number_is_not_a_command(string text) => Assert.Equal(CommandKind.None, Keywords.Read(text).Kind);

    [Theory]
    [InlineData("RULE FINE 200", ConstitutionRule.Fine, 200L)]
    [InlineData("kanuni mchango 12,000", ConstitutionRule.Contribution, 12_000L)]
    [InlineData("RULE QUORUM 2", ConstitutionRule.Quorum, 2L)]
    [InlineData("RULE COOLING 12", ConstitutionRule.Cooling, 12L)]
    [InlineData("RULE PENDING off", ConstitutionRule.Pending, 0L)]
    public void A_rule_proposal_names_one_rule_and_its_value(string text, ConstitutionRule rule, long value)
    {
        var command = Keywords.Read(text);
        Assert.Equal((CommandKind.ProposeRule, new RuleChange(rule, value)), (command.Kind, command.Change));
    }

    [Theory]
    [InlineData("APPROVE S5", Decision.Approve, null)]
    [InlineData("kataa s12 clear your arrears first", Decision.Reject, "clear your arrears first")]
    public void An_officers_decision_on_a_held_swap_names_it_by_its_S_code(string text, Decision decision, string? reason)
    {
        var command = Keywords.Read(text);
        Assert.Equal((CommandKind.DecideSwap, decision, reason), (command.Kind, command.Decision!.Value, command.Reason));
        Assert.True(command.HeldSwapId is 5 or 12);
    }

    [Fact]
    public void Rules_and_kanuni_alone_list_the_constitution()
    {
        Assert.Equal(CommandKind.Rules, Keywords.Read("RULES").Kind);
        Assert.Equal(CommandKind.Rules, Keywords.Read(" kanuni ").Kind);
    }

    [Theory]
    [InlineData("RULE")]
    [InlineData("RULE FINE")]
    [InlineData("RULE FINE two hundred")]
    [InlineData("RULE COLOUR 3")]
    [InlineData("RULE PENDING maybe")]
    public void A_rule_not_understood_asks_for_the_usage(string text)
    {
        var command = Keywords.Read(text);
        Assert.Equal((CommandKind.ProposeRule, (RuleChange?)null), (command.Kind, command.Change));
    }

    [Theory]
    [InlineData("APPROVE R4", Decision.Approve, null)]
    [InlineData("kataa r4 not this year", Decision.Reject, "not this year")]
    public void A_rule_decision_names_the_proposal(string text, Decision decision, string? reason)
    {
        var command = Keywords.Read(text);
        Assert.Equal((CommandKind.DecideRule, 4L, decision, reason), (command.Kind, command.ProposalId, command.Decision, command.Reason));
    }

    [Theory]
    [InlineData("CANCEL W7 family already helped", "W7", "family already helped")]
    [InlineData("sitisha w7", "W7", null)]
    public void Cancelling_names_a_welfare_payout(string text, string code, string? reason)
    {
        var command = Keywords.Read(text);
        Assert.Equal((CommandKind.CancelPayout, code, reason), (command.Kind, command.Code, command.Reason));
    }

    [Fact]
    public void A_pot_payout_cannot_be_cancelled_by_reply() => Assert.Equal(CommandKind.None, Keywords.Read("CANCEL P3 wait").Kind);

    [Theory]
    [InlineData("JOIN 5", 5)]
    [InlineData("jiunga 6", 6)]
    [InlineData("JOIN", null)]
    [InlineData("JOIN five", null)]
    [InlineData("JOIN 5 now", null)]
    public void A_join_proposal_names_the_seat_or_is_answered_with_its_usage(string text, int? seat)
    {
        var command = Keywords.Read(text);
        Assert.Equal(CommandKind.ProposeJoin, command.Kind);
        Assert.Equal(seat, command.JoinSeat);
    }

    [Theory]
    [InlineData("APPROVE J3", Decision.Approve, null)]
    [InlineData("kataa j3 subiri mzunguko ujao", Decision.Reject, "subiri mzunguko ujao")]
    public void A_join_proposal_is_decided_by_its_J_code(string text, Decision decision, string? reason)
    {
        var command = Keywords.Read(text);
        Assert.Equal((CommandKind.DecideJoin, decision, 3L, "J3", reason), (command.Kind, command.Decision!.Value, command.JoinProposalId!.Value, command.Code, command.Reason));
    }
}
