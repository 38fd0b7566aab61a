namespace Chama.Bot.Benchmarks.Scenarios;

/// <summary>The bare endpoint with a WhatsApp-sized form: the floor the host's HTTP stack sets, with no bot behind it.</summary>
internal static class BareScenario
{
    public static Scenario Create(IReadOnlyList<string> phones) => new(
        "bare",
        "Bare endpoint: parse the form, answer constant TwiML",
        n => Scenario.FormPost(BareEndpoint.Path,
        [
            new("MessageSid", $"SMbare{n:D26}"),
            new("From", $"whatsapp:{phones[(int)(n % phones.Count)]}"),
            new("To", "whatsapp:+14155550100"),
            new("Body", "BALANCE"),
            new("NumMedia", "0"),
        ]),
        (_, body) => body == BareEndpoint.TwiML);
}
