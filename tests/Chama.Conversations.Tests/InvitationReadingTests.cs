using Chama.Conversations.Commands;
using Chama.Conversations.Commands.Invitations;
using Chama.Conversations.Commands.Joins;
using Chama.Conversations.Phones;
using Chama.Core;
using Chama.Core.Invitations;

namespace Chama.Conversations.Tests;

/// <summary>How invitations are read: the officer's INVITE, and the invitee's answer, which no member's command reads.</summary>
public class InvitationReadingTests
{
    [Theory]
    [InlineData("INVITE 0722000002 2 TREASURER", 2, MemberRoles.Treasurer, null, Language.En)]
    [InlineData("invite 0722000002 5", 5, MemberRoles.Member, null, Language.En)]
    [InlineData("ALIKA 0722000002 3 katibu", 3, MemberRoles.Secretary, null, Language.Sw)]
    [InlineData("ALIKA 0722000002 4 Mwenyekiti Jane Akinyi", 4, MemberRoles.Chair, "Jane Akinyi", Language.Sw)]
    [InlineData("INVITE 0722000002 5 Esther Njeri", 5, MemberRoles.Member, "Esther Njeri", Language.En)]
    public void An_invitation_names_the_phone_the_seat_and_maybe_a_role_and_a_name(string text, int seat, MemberRoles roles, string? name, Language language) =>
        Assert.Equal(new InvitationRequest("0722000002", seat, roles, name, language), Arguments<InviteCommand.Arguments>(text).Request);

    [Theory]
    [InlineData("INVITE")]
    [InlineData("INVITE 0722000002")]
    [InlineData("ALIKA 0722000002 two")]
    public void An_invitation_without_a_seat_is_answered_with_its_usage(string text) => Assert.Null(Arguments<InviteCommand.Arguments>(text).Request);

    [Theory]
    [InlineData("JOIN UMOJA", true, "UMOJA", Language.En)]
    [InlineData("jiunge umoja", true, "UMOJA", Language.Sw)]
    [InlineData("DECLINE Umoja", false, "UMOJA", Language.En)]
    [InlineData("KATAA UMOJA2", false, "UMOJA2", Language.Sw)]
    public void An_invitation_is_answered_with_the_chamas_code_in_either_language(string text, bool accept, string code, Language language)
    {
        var call = PhoneCommands.Read(text, Channel.WhatsApp);

        Assert.NotNull(call);
        Assert.Equal(new AnswerInvitationCommand.Arguments(accept, code), call.Arguments);
        Assert.Equal(language, call.Language);
    }

    [Theory]
    [InlineData("JOIN UMOJA")]
    [InlineData("JIUNGE UMOJA")]
    [InlineData("DECLINE UMOJA")]
    [InlineData("KATAA UMOJA")]
    [InlineData("JOIN five")]
    [InlineData("JOIN 5")]
    [InlineData("JIUNGA 5")]
    [InlineData("JOIN")]
    [InlineData("JOIN 5 now")]
    [InlineData("DECLINE SWAP")]
    [InlineData("DECLINE SWAP 5")]
    [InlineData("KATAA ZAMU")]
    [InlineData("KATAA P3 sababu")]
    [InlineData("KATAA J3")]
    [InlineData("KATAA U1")]
    [InlineData("JOIN UMOJA please")]
    public void No_message_is_read_both_as_a_phones_answer_and_as_a_members_command(string text) =>
        Assert.False(PhoneCommands.Read(text, Channel.WhatsApp) is not null && Keywords.Read(text) is not null, text);

    [Fact]
    public void A_seat_is_the_officers_join_proposal_and_a_code_is_the_invitees_answer()
    {
        Assert.IsType<JoinCommand>(Keywords.Read("JOIN 5")?.Command);
        Assert.Null(PhoneCommands.Read("JOIN 5", Channel.WhatsApp));
        Assert.IsType<AnswerInvitationCommand>(PhoneCommands.Read("JOIN UMOJA", Channel.WhatsApp)?.Command);
        Assert.Null(Keywords.Read("JOIN UMOJA"));
        Assert.Null(PhoneCommands.Read("KATAA J3", Channel.WhatsApp));
        Assert.Null(PhoneCommands.Read("DECLINE SWAP", Channel.WhatsApp));
    }

    [Fact]
    public void Ussd_reads_no_answer_word() => Assert.Null(PhoneCommands.Read("JOIN UMOJA", Channel.Ussd));

    private static T Arguments<T>(string text) => Assert.IsType<T>(Assert.IsType<CommandCall>(Keywords.Read(text)).Arguments);
}
