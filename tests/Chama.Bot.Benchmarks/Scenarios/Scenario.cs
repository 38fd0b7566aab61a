namespace Chama.Bot.Benchmarks.Scenarios;

/// <summary>
/// A named stream of requests. <see cref="Next"/> numbers requests 0, 1, 2… across every phase of a run and hands the
/// number to the scenario's pure builder, so each request is unique (fresh session ids and MessageSids: a repeated one
/// would be answered from the replay cache, not by the bot) and builders need no locking. Later scenarios (M-Pesa
/// callbacks, PostgreSQL) plug in as another name and builder.
/// </summary>
internal sealed class Scenario(string name, string description, Func<long, HttpRequestMessage> build, Func<HttpRequestMessage, string, bool>? accepts = null)
{
    private long sequence = -1;

    public string Name => name;

    public string Description => description;

    /// <summary>How many requests the scenario has built (and the runners sent) so far, across phases.</summary>
    public long Built => Interlocked.Read(ref sequence) + 1;

    public HttpRequestMessage Next() => build(Interlocked.Increment(ref sequence));

    /// <summary>Whether a 2xx answer's body is the one this request should get (a "not a member" screen is a 200 too).</summary>
    public bool Accepts(HttpRequestMessage request, string body) => accepts?.Invoke(request, body) ?? true;

    /// <summary>A form post, encoded once into bytes.</summary>
    public static HttpRequestMessage FormPost(string path, IEnumerable<KeyValuePair<string, string>> form) =>
        new(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(form) };
}
