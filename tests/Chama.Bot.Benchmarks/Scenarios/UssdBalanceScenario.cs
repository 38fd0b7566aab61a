namespace Chama.Bot.Benchmarks.Scenarios;

/// <summary>
/// Africa's Talking USSD balance checks: the dial (<c>text=""</c>, answered with the menu) then <c>text="2"</c> (the
/// balance) on the same session id, a new session per check, phones taken in turn from the seeded members.
/// </summary>
internal static class UssdBalanceScenario
{
    /// <summary>Africa's Talking's callback URL, with the secret token in its path.</summary>
    public const string Path = $"/webhooks/ussd/{BenchmarkHost.UssdCallbackToken}";

    /// <summary>
    /// A member reads the menu before choosing, so a session's second hop is sent this many checks after its first (at
    /// 1,000 requests/s about 0.1 s later), never on the first hop's heels where the two would race for the session row.
    /// </summary>
    private const long SecondHopLag = 50;

    private static readonly HttpRequestOptionsKey<bool> IsMenuHop = new("ussd-menu-hop");

    public static Scenario Create(IReadOnlyList<string> phones, string serviceCode) => new(
        "ussd",
        $"USSD balance check, 2 hops (menu, then 2) per session, {phones.Count} phones",
        n => Build(n, phones, serviceCode),
        Accepts);

    private static HttpRequestMessage Build(long n, IReadOnlyList<string> phones, string serviceCode)
    {
        // Even numbers open session n/2; odd numbers choose "2" in the session opened SecondHopLag checks earlier (the
        // first few choose it in a session never opened, as a member who dials *384*123*2# would).
        var menuHop = n % 2 == 0;
        var check = menuHop ? n / 2 : (n / 2) - SecondHopLag;
        var phone = phones[(int)(((check % phones.Count) + phones.Count) % phones.Count)];
        var request = Scenario.FormPost(Path,
        [
            new("sessionId", $"ATUid_bench_{check}"),
            new("serviceCode", serviceCode),
            new("phoneNumber", phone),
            new("networkCode", "63902"),
            new("text", menuHop ? "" : "2"),
        ]);
        request.Options.Set(IsMenuHop, menuHop);
        return request;
    }

    /// <summary>The menu continues the session; the balance ends it and shows amounts (KES) in either language.</summary>
    private static bool Accepts(HttpRequestMessage request, string body) =>
        request.Options.TryGetValue(IsMenuHop, out var menuHop) && menuHop
            ? body.StartsWith("CON ", StringComparison.Ordinal)
            : body.StartsWith("END ", StringComparison.Ordinal) && body.Contains("KES", StringComparison.Ordinal);
}
