using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Officers;

namespace Chama.Bot.Dashboard;

/// <summary>
/// The signed-in officer's own PIN for decisions on USSD: set or reset here, typed twice. Signing in took a code sent
/// to the officer's phone, so this is where a PIN locked after three wrong tries on USSD is unlocked. The PIN is read
/// from the form, hashed and forgotten: it is never logged or shown.
/// </summary>
public static class PinPages
{
    public const string Path = "pin";

    private const string Digits = "[0-9]{4}";

    public static RouteGroupBuilder MapPinPages(this RouteGroupBuilder chama)
    {
        chama.MapGet($"/{Path}", PageAsync);
        chama.MapPost($"/{Path}", SetAsync);
        return chama;
    }

    private static async Task<IResult> PageAsync(HttpContext http, OfficerPinStore pins, MessageTexts texts) =>
        await RenderAsync(http, pins, texts, notice: null, error: null, StatusCodes.Status200OK);

    private static async Task<IResult> SetAsync(HttpContext http, OfficerPinStore pins, MessageTexts texts)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var pin = form["pin"].ToString();
        var repeat = form["repeat"].ToString();
        var refusal = !OfficerPin.IsWellFormed(pin) ? "pin_invalid"
            : pin != repeat ? "pin_mismatch"
            : OfficerPin.IsWeak(pin, seat.Officer) ? "pin_weak"
            : null;
        if (refusal is not null)
        {
            return await RenderAsync(http, pins, texts, null, Say(texts, seat, refusal), StatusCodes.Status400BadRequest);
        }

        await pins.ResetAsync(seat.Officer, OfficerPin.Hash(pin), DashboardEndpoints.Channel, http.RequestAborted);
        return await RenderAsync(http, pins, texts, Say(texts, seat, "dashboard_pin_saved"), null, StatusCodes.Status200OK);
    }

    private static async Task<IResult> RenderAsync(HttpContext http, OfficerPinStore pins, MessageTexts texts, string? notice, string? error, int status)
    {
        var seat = OfficerSeat.Of(http);
        var locked = (await pins.FindAsync(seat.Officer.Id, http.RequestAborted))?.Locked == true;
        var action = DashboardLayout.Href(seat.Chama.Id, Path);
        var body = Html.Of(
            $"""
            <p>{Say(texts, seat, "dashboard_pin", new { locked })}</p>
            <form method="post" action="{action}">{DashboardLayout.Antiforgery(http)}
            <label for="pin">New PIN</label><input id="pin" name="pin" type="password" inputmode="numeric" pattern="{Digits}" minlength="4" maxlength="4" autocomplete="new-password" required>
            <label for="repeat">The same PIN again</label><input id="repeat" name="repeat" type="password" inputmode="numeric" pattern="{Digits}" minlength="4" maxlength="4" autocomplete="new-password" required>
            <button type="submit">Set my PIN</button></form>
            """);
        return DashboardLayout.ChamaPage(http, seat, Path, body, notice, error, status);
    }

    private static string Say(MessageTexts texts, OfficerSeat seat, string key, object? model = null) => texts.Render(seat.Officer.Language, key, model);
}
