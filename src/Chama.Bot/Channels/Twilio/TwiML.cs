using Twilio.TwiML;

namespace Chama.Bot.Channels.Twilio;

/// <summary>TwiML answers for Twilio's messaging webhooks, written as <c>application/xml</c>.</summary>
public static class TwiML
{
    /// <summary>Twilio refuses message bodies over 1,600 characters.</summary>
    public const int MaxBody = 1_600;

    public static IResult Message(string text)
    {
        return Xml(new MessagingResponse().Message(Fit(text)).ToString());
    }

    /// <summary>The text cut to Twilio's limit with an ellipsis, never splitting a surrogate pair (an emoji).</summary>
    public static string Fit(string text)
    {
        if (text.Length <= MaxBody)
        {
            return text;
        }

        var cut = MaxBody - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + "…";
    }

    /// <summary>An answer that sends nothing back (never an empty body: Twilio logs that as error 11200).</summary>
    public static IResult Empty() => Xml(new MessagingResponse().ToString());

    private static IResult Xml(string twiml) => Results.Text(twiml, "application/xml", System.Text.Encoding.UTF8);
}
