using Chama.Conversations.Commands;
using Chama.Conversations.Commands.Chat;
using Chama.Conversations.Commands.Decisions;
using Chama.Conversations.Commands.Joins;
using Chama.Conversations.Commands.Payments;
using Chama.Conversations.Commands.Rules;
using Chama.Conversations.Commands.Swaps;
using Chama.Core;

namespace Chama.Conversations.Tests;

/// <summary>How a WhatsApp message is read as a command, and with which arguments.</summary>
public class CommandReadingTests
{
    [Theory]
    [InlineData("PAY", "pay")]
    [InlineData("lipa", "pay")]
    [InlineData("Salio", "balance")]
    [InlineData("PENDING", "pending")]
    [InlineData("msaada", "welfare")]
    [InlineData("APPROVALS", "approvals")]
    [InlineData("APPROVE", "approvals")]
    [InlineData("menu", "menu")]
    [InlineData("00", "menu")]
    [InlineData("HELP", "help")]
    [InlineData("pay me back", null)]
    [InlineData("1", null)]
    public void Keywords_are_whole_messages_in_English_or_Swahili(string text, string? command) =>
        Assert.Equal(command, Keywords.Read(text)?.Command.Name);

    [Theory]
    [InlineData("SWAP 3", 3)]
    [InlineData("badilisha 1", 1)]
    public void A_swap_request_names_the_seat(string text, int seat) =>
        Assert.Equal(new SwapCommand.Arguments(seat), Arguments<SwapCommand.Arguments>(text));

    [Theory]
    [InlineData("ACCEPT SWAP", true, null)]
    [InlineData("decline swap 12", false, 12L)]
    [InlineData("Kubali zamu 7", true, 7L)]
    [InlineData("KATAA ZAMU", false, null)]
    public void A_swap_is_answered_with_its_own_words_not_approve_or_reject(string text, bool accept, long? swapId)
    {
        Assert.Equal(new AnswerSwapCommand.Arguments(accept, swapId), Arguments<AnswerSwapCommand.Arguments>(text));
        Assert.Null(Keywords.Read("SWAP"));
        Assert.Null(Keywords.Read("ACCEPT SWAP soon"));
    }

    [Fact]
    public void Decisions_carry_their_code_and_reason()
    {
        var decision = Arguments<DecideCommand.Arguments>("reject w12  the family already got help");
        Assert.Equal(Decision.Reject, decision.Decision);
        Assert.Equal("W12", decision.Code);
        Assert.Equal("the family already got help", decision.Reason);
        Assert.IsType<LanguageCommand>(Keywords.Read("kiswahili")?.Command);
        Assert.Null(Keywords.Read("APPROVE X12"));
    }

    [Theory]
    [InlineData("ALLOCATE 3 4", 3L, 4)]
    [InlineData("gawa 12 1", 12L, 1)]
    public void Allocate_names_a_held_payment_and_a_seat(string text, long id, int seat) =>
        Assert.Equal(new AllocateCommand.Arguments(id, seat), Arguments<AllocateCommand.Arguments>(text));

    [Theory]
    [InlineData("ALLOCATE 3")]
    [InlineData("ALLOCATE three 4")]
    [InlineData("ALLOCATE 3 -4")]
    public void An_incomplete_allocation_is_not_a_command(string text) => Assert.Null(Keywords.Read(text));

    [Theory]
    [InlineData("WAIVE 7 sick in hospital", 7L, "sick in hospital")]
    [InlineData("samehe 12  alikuwa safarini", 12L, "alikuwa safarini")]
    [InlineData("WAIVE 7", 7L, null)]
    public void Waive_names_a_fine_and_a_reason(string text, long id, string? reason) =>
        Assert.Equal(new WaiveCommand.Arguments(id, reason), Arguments<WaiveCommand.Arguments>(text));

    [Theory]
    [InlineData("WAIVE")]
    [InlineData("WAIVE seven sick")]
    [InlineData("WAIVE -7 sick")]
    public void A_waiver_without_a_fine_number_is_not_a_command(string text) => Assert.Null(Keywords.Read(text));

    [Theory]
    [InlineData("RULE FINE 200", ConstitutionRule.Fine, 200L)]
    [InlineData("kanuni mchango 12,000", ConstitutionRule.Contribution, 12_000L)]
    [InlineData("RULE QUORUM 2", ConstitutionRule.Quorum, 2L)]
    [InlineData("RULE COOLING 12", ConstitutionRule.Cooling, 12L)]
    [InlineData("RULE PENDING off", ConstitutionRule.Pending, 0L)]
    public void A_rule_proposal_names_one_rule_and_its_value(string text, ConstitutionRule rule, long value) =>
        Assert.Equal(new RuleCommand.Arguments(new RuleChange(rule, value)), Arguments<RuleCommand.Arguments>(text));

    [Theory]
    [InlineData("APPROVE S5", Decision.Approve, null)]
    [InlineData("kataa s12 clear your arrears first", Decision.Reject, "clear your arrears first")]
    public void An_officers_decision_on_a_held_swap_names_it_by_its_S_code(string text, Decision decision, string? reason)
    {
        var decided = Arguments<DecideCommand.Arguments>(text);
        Assert.IsType<SwapDecision>(decided.Handler);
        Assert.Equal((decision, reason), (decided.Decision, decided.Reason));
        Assert.True(decided.Id is 5 or 12);
    }

    [Fact]
    public void Rules_and_kanuni_alone_list_the_constitution()
    {
        Assert.IsType<RulesCommand>(Keywords.Read("RULES")?.Command);
        Assert.IsType<RulesCommand>(Keywords.Read(" kanuni ")?.Command);
    }

    [Theory]
    [InlineData("RULE")]
    [InlineData("RULE FINE")]
    [InlineData("RULE FINE two hundred")]
    [InlineData("RULE COLOUR 3")]
    [InlineData("RULE PENDING maybe")]
    public void A_rule_not_understood_asks_for_the_usage(string text) =>
        Assert.Equal(new RuleCommand.Arguments(null), Arguments<RuleCommand.Arguments>(text));

    [Theory]
    [InlineData("APPROVE R4", Decision.Approve, null)]
    [InlineData("kataa r4 not this year", Decision.Reject, "not this year")]
    public void A_rule_decision_names_the_proposal(string text, Decision decision, string? reason)
    {
        var decided = Arguments<DecideCommand.Arguments>(text);
        Assert.IsType<RuleDecision>(decided.Handler);
        Assert.Equal((4L, decision, reason), (decided.Id, decided.Decision, decided.Reason));
    }

    [Theory]
    [InlineData("CANCEL W7 family already helped", "W7", "family already helped")]
    [InlineData("sitisha w7", "W7", null)]
    public void Cancelling_names_a_welfare_payout(string text, string code, string? reason) =>
        Assert.Equal(new CancelPayoutCommand.Arguments(code, reason), Arguments<CancelPayoutCommand.Arguments>(text));

    [Fact]
    public void A_pot_payout_cannot_be_cancelled_by_reply() => Assert.Null(Keywords.Read("CANCEL P3 wait"));

    [Theory]
    [InlineData("JOIN 5", 5)]
    [InlineData("jiunga 6", 6)]
    [InlineData("JOIN", null)]
    [InlineData("JOIN -5", null)]
    [InlineData("JOIN 5 now", null)]
    public void A_join_proposal_names_the_seat_or_is_answered_with_its_usage(string text, int? seat) =>
        Assert.Equal(new JoinCommand.Arguments(seat), Arguments<JoinCommand.Arguments>(text));

    [Theory]
    [InlineData("APPROVE J3", Decision.Approve, null)]
    [InlineData("kataa j3 subiri mzunguko ujao", Decision.Reject, "subiri mzunguko ujao")]
    public void A_join_proposal_is_decided_by_its_J_code(string text, Decision decision, string? reason)
    {
        var decided = Arguments<DecideCommand.Arguments>(text);
        Assert.IsType<JoinDecision>(decided.Handler);
        Assert.Equal((decision, 3L, "J3", reason), (decided.Decision, decided.Id, decided.Code, decided.Reason));
    }

    [Theory]
    [InlineData("00")]
    [InlineData(" 00 ")]
    public void Ussd_reads_only_00_as_a_command(string text) => Assert.IsType<MenuCommand>(Keywords.Read(text, Channel.Ussd)?.Command);

    [Theory]
    [InlineData("MENU")]
    [InlineData("APPROVE P1")]
    [InlineData("PAY")]
    public void Ussd_reads_no_keyword(string text) => Assert.Null(Keywords.Read(text, Channel.Ussd));

    private static T Arguments<T>(string text) => Assert.IsType<T>(Assert.IsType<CommandCall>(Keywords.Read(text)).Arguments);
}
