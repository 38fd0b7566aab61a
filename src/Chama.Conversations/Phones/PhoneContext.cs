using Chama.Conversations.Sessions;
using Chama.Core;

namespace Chama.Conversations.Phones;

/// <summary>
/// One message as seen before any membership is chosen: whoever the phone is, member of no chama or of several. What a
/// phone may do on its own (found a chama, answer an invitation) runs on this, never on a member's context.
/// </summary>
public sealed class PhoneContext(Inbound inbound, ConversationSession session, IReadOnlyList<Member> memberships, ConversationServices services)
{
    public Inbound Inbound { get; } = inbound;

    /// <summary>The phone's conversation; it is kept only for a phone that is some chama's member.</summary>
    public ConversationSession Session { get; } = session;

    /// <summary>Every active membership of the phone (none for a stranger).</summary>
    public IReadOnlyList<Member> Memberships { get; } = memberships;

    public ConversationServices Services { get; } = services;

    public PhoneNumber Phone => Inbound.Phone;

    public bool IsUssd => Inbound.Channel == Channel.Ussd;

    public bool IsMember => Memberships.Count > 0;

    public DateOnly Today => NairobiTime.Today(Services.Clock);

    /// <summary>
    /// The language to answer in: the one the phone wrote its command in when it wrote one (<c>CHAMA MPYA</c> is
    /// Swahili), else the language of its first membership, else English.
    /// </summary>
    public Language Language { get; init; } = memberships.Count > 0 ? memberships[0].Language : Language.En;

    /// <summary>Renders a text in <see cref="Language"/> for this channel.</summary>
    public string Say(string key, object? model = null) => Services.Texts.Render(Language, key, model, IsUssd);

    /// <summary>A key unique to this step of this conversation, so that a retried step acts once.</summary>
    public string StepKey(string action) => $"{Inbound.ChannelName}:{Inbound.MessageId}:{action}";

    /// <summary>The same message answered in <paramref name="language"/>.</summary>
    public PhoneContext In(Language language) => new(Inbound, Session, Memberships, Services) { Language = language };
}
