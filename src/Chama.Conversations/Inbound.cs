using Chama.Core;
using Chama.Core.Text;

namespace Chama.Conversations;

public enum Channel
{
    WhatsApp,
    Ussd,
}

/// <summary>
/// One message from a member, whatever the channel. <see cref="Text"/> is what the member sent: on WhatsApp the body,
/// on USSD the whole session input as the gateway sends it (steps joined by <c>*</c>). <see cref="MessageId"/> identifies
/// this delivery, so a retried one can be recognised.
/// </summary>
public sealed record Inbound(Channel Channel, string SessionKey, PhoneNumber Phone, string Text, string MessageId)
{
    /// <summary>What the member typed, without control or bidi-override characters: every chat flow reads it from here.</summary>
    public string Text { get; init; } = TextInput.Lines(Text);

    public string ChannelName => NameOf(Channel);

    /// <summary>The channel's name as stored (sessions, payment requests, audit).</summary>
    public static string NameOf(Channel channel) => channel == Channel.WhatsApp ? "whatsapp" : "ussd";
}

/// <summary>The engine's answer: the text to show, and whether the conversation ends (USSD <c>END</c>).</summary>
public sealed record Reply(string Text, bool EndsSession);
