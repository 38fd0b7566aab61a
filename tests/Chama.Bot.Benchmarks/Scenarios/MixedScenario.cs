namespace Chama.Bot.Benchmarks.Scenarios;

/// <summary>
/// The traffic a live deployment sees, interleaved request by request: a USSD hop, a signed WhatsApp message, an STK
/// success callback, in turn. Each request comes from its own scenario's stream (so sessions, MessageSids and
/// checkouts stay unique and a USSD session's two hops keep their order) and is judged by that scenario.
/// </summary>
internal static class MixedScenario
{
    private static readonly HttpRequestOptionsKey<Scenario> Source = new("mixed-source");

    public static Scenario Create(IReadOnlyList<Scenario> parts) => new(
        "mixed",
        $"{string.Join(", ", parts.Select(p => p.Name))} interleaved one request each in turn",
        n =>
        {
            var part = parts[(int)(n % parts.Count)];
            var request = part.Next();
            request.Options.Set(Source, part);
            return request;
        },
        (request, body) => request.Options.TryGetValue(Source, out var part) && part.Accepts(request, body));
}
