namespace Chama.Bot.Benchmarks.Scenarios;

/// <summary>
/// Signed Twilio WhatsApp messages asking for the balance, alternately by keyword (<c>BALANCE</c>) and by menu number
/// (<c>2</c>), each with a new MessageSid, phones taken in turn from the seeded members.
/// </summary>
internal static class WhatsAppBalanceScenario
{
    public const string Path = "/webhooks/whatsapp";

    public static Scenario Create(IReadOnlyList<string> phones, string publicBaseUrl, string authToken, string accountSid) => new(
        "whatsapp",
        $"WhatsApp balance (BALANCE or 2), signed, {phones.Count} phones",
        n => Build(n, phones, publicBaseUrl.TrimEnd('/') + Path, authToken, accountSid),
        // The TwiML carries the statement, amounts in KES, in either language.
        (_, body) => body.Contains("<Message>", StringComparison.Ordinal) && body.Contains("KES", StringComparison.Ordinal));

    private static HttpRequestMessage Build(long n, IReadOnlyList<string> phones, string signedUrl, string authToken, string accountSid)
    {
        var phone = phones[(int)(n % phones.Count)];
        List<KeyValuePair<string, string>> form =
        [
            new("MessageSid", $"SMbench{n:D25}"),
            new("From", $"whatsapp:{phone}"),
            new("To", "whatsapp:+14155550100"),
            new("Body", n % 2 == 0 ? "BALANCE" : "2"),
            new("NumMedia", "0"),
            new("WaId", phone.TrimStart('+')),
            new("ProfileName", "Member"),
        ];
        if (accountSid.Length > 0)
        {
            form.Add(new("AccountSid", accountSid));
        }

        // Signing is the client's cost: it happens here, before the request's scheduled instant, never inside its latency.
        var request = Scenario.FormPost(Path, form);
        request.Headers.Add(TwilioSignature.Header, TwilioSignature.Sign(signedUrl, form, authToken));
        return request;
    }
}
