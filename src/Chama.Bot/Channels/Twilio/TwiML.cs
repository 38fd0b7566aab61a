using System.Text;
using System.Xml;

namespace Chama.Bot.Channels.Twilio;

/// <summary>
/// TwiML answers for Twilio's messaging webhooks, written as <c>application/xml</c>. The document has one fixed shape, so
/// it is written as text (the same text the Twilio SDK's <c>MessagingResponse</c> writes) rather than built as an XML tree
/// and serialised on every message.
/// </summary>
public static class TwiML
{
    /// <summary>Twilio refuses message bodies over 1,600 characters.</summary>
    public const int MaxBody = 1_600;

    private const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

    private static readonly IResult EmptyAnswer = Xml(Declaration + "<Response></Response>");

    public static IResult Message(string text)
    {
        var body = Fit(text);
        var xml = new StringBuilder(Declaration.Length + body.Length + 64)
            .Append(Declaration)
            .Append("<Response>\n  <Message>");
        AppendEscaped(xml, body);
        return Xml(xml.Append("</Message>\n</Response>").ToString());
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
    public static IResult Empty() => EmptyAnswer;

    /// <summary>
    /// Element text as XML writes it: markup characters escaped, every line break as one <c>\n</c>, and a character XML
    /// cannot carry (a control character, half of a surrogate pair) as U+FFFD rather than a broken document.
    /// </summary>
    private static void AppendEscaped(StringBuilder xml, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&':
                    xml.Append("&amp;");
                    break;
                case '<':
                    xml.Append("&lt;");
                    break;
                case '>':
                    xml.Append("&gt;");
                    break;
                case '\r':
                    xml.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                default:
                    if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
                    {
                        xml.Append(c).Append(text[++i]);
                    }
                    else
                    {
                        xml.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
                    }

                    break;
            }
        }
    }

    private static IResult Xml(string twiml) => Results.Text(twiml, "application/xml", Encoding.UTF8);
}
