using Chama.Core;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Chama.Bot.Channels.Ussd;

/// <summary>
/// One session callback as Africa's Talking posts it, read defensively: the gateway shows a member a network error for
/// anything but <c>200 CON/END</c>, so a body that cannot be used is reported as <see cref="Refusal"/>, never thrown.
/// </summary>
public sealed record UssdHop(string SessionId, PhoneNumber Phone, string Text)
{
    /// <summary>A keypad cannot type more in one 180-second session; longer is not a member dialling.</summary>
    public const int MaxText = 500;

    public const int MaxSessionId = 100;

    /// <summary>Gateway forms are a few hundred bytes; these bound what a hostile one can make us hold.</summary>
    private static readonly FormOptions Limits = new()
    {
        ValueCountLimit = 32,
        KeyLengthLimit = 64,
        ValueLengthLimit = 4 * 1024,
        BufferBody = false,
    };

    /// <summary>The hop, or null with why it cannot be run (never the fields themselves, which may hold a phone or a PIN).</summary>
    public static async Task<(UssdHop? Hop, string? Refusal)> ReadAsync(HttpRequest request, string serviceCode, CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(request, cancellationToken);
        if (form is null)
        {
            return (null, "not a readable form");
        }

        var sessionId = form["sessionId"].ToString();
        var text = form["text"].ToString();
        if (sessionId.Length is 0 or > MaxSessionId || HasControl(sessionId))
        {
            return (null, "no usable sessionId");
        }

        if (text.Length > MaxText || HasControl(text))
        {
            return (null, "text too long or not typeable");
        }

        if (!PhoneNumber.TryParse(form["phoneNumber"].ToString(), out var phone, out _))
        {
            return (null, "no usable phoneNumber");
        }

        if (serviceCode.Length > 0 && form["serviceCode"].ToString() != serviceCode)
        {
            return (null, "another service code");
        }

        return (new UssdHop(sessionId, phone, text), null);
    }

    /// <summary>The posted form, or null for a body that is not one or is beyond <see cref="Limits"/>.</summary>
    public static async Task<IFormCollection?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await new FormFeature(request, Limits).ReadFormAsync(cancellationToken);
        }
        catch (Exception refused) when (refused is InvalidDataException or BadHttpRequestException or FormatException or DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// Control and format characters (NUL, bidi overrides) that no keypad sends and PostgreSQL may refuse, and the
    /// replacement character that stands for bytes that were not UTF-8.
    /// </summary>
    private static bool HasControl(string value) =>
        value.Any(c => char.IsControl(c) || c == '\uFFFD' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Surrogate);
}
