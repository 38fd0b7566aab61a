using Chama.Conversations.Sessions;
using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Conversations;

/// <summary>How a step ends: the flow goes on, the flow is finished, or the member goes back to the main menu.</summary>
public enum FlowEnd
{
    Continue,
    Finished,
    ToMenu,
}

/// <summary>A flow's or a command's answer to one step. With <see cref="FlowEnd.ToMenu"/> the text is shown above the menu.</summary>
public sealed record FlowReply(string Text, FlowEnd End)
{
    public static FlowReply Continue(string text) => new(text, FlowEnd.Continue);

    public static FlowReply Finished(string text) => new(text, FlowEnd.Finished);

    public static FlowReply ToMenu(string text = "") => new(text, FlowEnd.ToMenu);
}

/// <summary>Everything a flow or a command needs for one step: who is talking, in which chama, through which channel, and the services.</summary>
public sealed class FlowContext(Inbound inbound, ConversationSession session, Member member, ChamaGroup chama, ConversationServices services)
{
    public Inbound Inbound { get; } = inbound;

    public ConversationSession Session { get; } = session;

    public Member Member { get; } = member;

    public ChamaGroup Chama { get; } = chama;

    /// <summary>Every active membership of the phone, as read at the start of this step (the member's own among them).</summary>
    public IReadOnlyList<Member> Memberships { get; init; } = [member];

    public ConversationServices Services { get; } = services;

    public bool IsUssd => Inbound.Channel == Channel.Ussd;

    public DateOnly Today => NairobiTime.Today(Services.Clock);

    public Actor Actor => Actor.Member(Member.Id, Inbound.ChannelName);

    /// <summary>Renders a text in the member's language for this channel.</summary>
    public string Say(string key, object? model = null) => Services.Texts.Render(Member.Language, key, model, IsUssd);

    /// <summary>A key unique to this step of this conversation, so that a retried step acts once.</summary>
    public string StepKey(string action) => $"{Inbound.ChannelName}:{Inbound.MessageId}:{action}";

    /// <summary>Names shortened for a USSD screen.</summary>
    public string Short(string name, int max = 18) => !IsUssd || name.Length <= max ? name : name[..(max - 1)].TrimEnd() + ".";

    public string Date(DateOnly date) => date.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The same step for the member as changed (a new language), so that what follows is said their new way.</summary>
    public FlowContext With(Member changed) => new(Inbound, Session, changed, Chama, Services) { Memberships = Memberships };
}
