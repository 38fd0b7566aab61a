namespace Chama.Conversations;

/// <summary>
/// Africa's Talking sends the whole session's input every hop (<c>1*2*500</c>). The newest step is what follows the
/// input of the previous hop; a member's own <c>*</c> (in a welfare reason) therefore survives.
/// </summary>
/// <remarks>
/// A PIN typed in one hop comes back in every later hop's text. The session keeps its input with each secret step
/// replaced by <see cref="Hidden"/> characters of the same length, so the kept text still lines up with the next hop's
/// text character by character: a hidden character matches whatever was typed there (except the <c>*</c> separator),
/// which is how the next step is found and a retried hop recognised without the PIN, or anything derived from it,
/// ever being kept.
/// </remarks>
public static class UssdInput
{
    /// <summary>Stands for one character of a hidden step in the kept input.</summary>
    public const char Hidden = '#';

    /// <summary>
    /// The step this hop adds (<see cref="Read"/>'s <c>Latest</c>, as typed) and the session's input to keep from now on
    /// (<c>Kept</c>): <paramref name="kept"/> plus the new step, hidden when it answers a prompt for a secret. An input
    /// with earlier steps that does not follow <paramref name="kept"/> (a session expired, purged or ended meanwhile) is
    /// kept wholly hidden: whether its newest step answered a PIN prompt can no longer be known.
    /// </summary>
    public static (string Latest, string Kept) Read(string? kept, string cumulative, bool secret)
    {
        string prefix;
        int start;
        var hide = secret;
        if (!string.IsNullOrEmpty(kept) && Continues(kept, cumulative))
        {
            prefix = kept + "*";
            start = kept.Length + 1;
        }
        else
        {
            start = cumulative.LastIndexOf('*') + 1;
            prefix = string.IsNullOrEmpty(kept) && start == 0 ? "" : HideSteps(cumulative[..start]);
            hide |= start > 0;
        }

        var latest = cumulative[start..];
        return (latest, prefix + (hide ? new string(Hidden, latest.Length) : latest));
    }

    /// <summary>Whether <paramref name="cumulative"/> is the same input as <paramref name="kept"/>: a retried hop.</summary>
    public static bool SameAs(string? kept, string cumulative) =>
        kept is not null && kept.Length == cumulative.Length && Matches(kept, cumulative);

    private static bool Continues(string kept, string cumulative) =>
        cumulative.Length > kept.Length && cumulative[kept.Length] == '*' && Matches(kept, cumulative);

    private static bool Matches(string kept, string cumulative)
    {
        for (var i = 0; i < kept.Length; i++)
        {
            if (kept[i] == Hidden ? cumulative[i] == '*' : kept[i] != cumulative[i])
            {
                return false;
            }
        }

        return true;
    }

    private static string HideSteps(string steps) => string.Create(steps.Length, steps, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = source[i] == '*' ? '*' : Hidden;
        }
    });
}
