using System.Globalization;

namespace Chama.Bot.Channels.WhatsApp;

/// <summary>
/// What a member sent on WhatsApp, read from Twilio's inbound form: the text the bot reads, or null when the message
/// carries nothing the bot can read (a voice note, a picture or file without a caption, a location, a contact, a sticker).
/// </summary>
public sealed record WhatsAppInput(string? Text)
{
    /// <summary>
    /// A tapped quick-reply button is read by its <c>ButtonPayload</c> (the id we gave it), then by its <c>ButtonText</c>;
    /// a shared location (<c>Latitude</c>) is never text, even with a label in <c>Body</c>; media with a caption is read by the caption
    /// (Twilio sends the caption as <c>Body</c>); media or any other message type with an empty body is not text.
    /// </summary>
    public static WhatsAppInput Read(IFormCollection form)
    {
        if (form["ButtonPayload"].ToString() is { Length: > 0 } payload)
        {
            return new WhatsAppInput(payload);
        }

        if (form["ButtonText"].ToString() is { Length: > 0 } buttonText)
        {
            return new WhatsAppInput(buttonText);
        }

        if (form["Latitude"].ToString().Length > 0)
        {
            return new WhatsAppInput(Text: null);
        }

        var body = form["Body"].ToString();
        if (body.Trim().Length > 0)
        {
            return new WhatsAppInput(body);
        }

        var media = int.TryParse(form["NumMedia"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
        var hasMedia = media > 0 || form["MediaContentType0"].ToString().Length > 0;
        var type = form["MessageType"].ToString();
        // A button or list reply whose fields we do not know yet is read as empty text (the menu), not refused.
        var plainText = type.Length == 0 || type.Equals("text", StringComparison.OrdinalIgnoreCase)
            || type.Equals("interactive", StringComparison.OrdinalIgnoreCase) || type.Equals("button", StringComparison.OrdinalIgnoreCase);
        // An empty text (no media, no other type) is still text: the engine answers it with the menu.
        return hasMedia || !plainText ? new WhatsAppInput(Text: null) : new WhatsAppInput(body);
    }
}
