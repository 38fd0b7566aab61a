using Chama.Bot.Benchmarks.Scenarios;

namespace Chama.Bot.Benchmarks;

/// <summary>One request and its whole answer: a success is a 2xx whose body the scenario accepts; anything else is an error.</summary>
internal static class Exchange
{
    /// <summary>Null on success, otherwise why it failed (kept short, for the report).</summary>
    public static async Task<string?> SendAsync(HttpClient client, Scenario scenario, HttpRequestMessage request)
    {
        try
        {
            using (request)
            using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead))
            {
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    return $"HTTP {(int)response.StatusCode}";
                }

                return scenario.Accepts(request, body) ? null : $"unexpected answer: {Shorten(body)}";
            }
        }
        catch (HttpRequestException failure)
        {
            return $"{failure.GetType().Name}: {failure.Message}";
        }
        catch (TaskCanceledException failure)
        {
            return $"timed out: {failure.Message}";
        }
    }

    private static string Shorten(string body)
    {
        var line = body.ReplaceLineEndings(" ");
        return line.Length <= 80 ? line : line[..80] + "…";
    }
}
