namespace Chama.Core;

/// <summary>
/// When an unresolved payout is next asked about: <see cref="First"/> after it was sent, then each wait twice the one
/// before, up to <see cref="Cap"/>. A query that failed (no answer, or a Result that says nothing of the payout) is
/// followed by a longer wait, not a burst of queries on every poll, and never by a second payout.
/// </summary>
public sealed record StatusQueryBackoff(TimeSpan First, TimeSpan Cap)
{
    /// <param name="sentAt">When the payout was sent.</param>
    /// <param name="queries">How many status queries were made so far.</param>
    /// <param name="lastAskedAt">When the last of them was made (ignored when there was none).</param>
    public DateTimeOffset NextQueryAt(DateTimeOffset sentAt, int queries, DateTimeOffset? lastAskedAt) =>
        queries == 0 || lastAskedAt is not { } last ? sentAt + First : last + Wait(queries);

    /// <summary>The wait after the <paramref name="queries"/>-th query: First × 2^queries, at most Cap.</summary>
    public TimeSpan Wait(int queries)
    {
        var wait = First;
        for (var i = 0; i < queries && wait < Cap; i++)
        {
            wait += wait;
        }

        return wait < Cap ? wait : Cap;
    }
}
