using Chama.Core;

namespace Chama.Core.Tests;

public sealed class StatusQueryBackoffTests
{
    private static readonly DateTimeOffset Sent = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly StatusQueryBackoff Backoff = new(TimeSpan.FromMinutes(2), TimeSpan.FromHours(1));

    [Fact]
    public void The_first_query_comes_the_first_delay_after_the_payout_was_sent()
    {
        Assert.Equal(Sent.AddMinutes(2), Backoff.NextQueryAt(Sent, queries: 0, lastAskedAt: null));
    }

    [Fact]
    public void Each_wait_is_twice_the_one_before_so_the_second_query_waits_longer_than_the_first()
    {
        var first = Sent.AddMinutes(2);

        var second = Backoff.NextQueryAt(Sent, queries: 1, lastAskedAt: first);
        var third = Backoff.NextQueryAt(Sent, queries: 2, lastAskedAt: second);

        Assert.Equal((first.AddMinutes(4), second.AddMinutes(8)), (second, third));
    }

    [Fact]
    public void The_wait_stops_growing_at_the_cap()
    {
        Assert.Equal(TimeSpan.FromMinutes(32), Backoff.Wait(4));
        Assert.Equal(TimeSpan.FromHours(1), Backoff.Wait(5));
        Assert.Equal(TimeSpan.FromHours(1), Backoff.Wait(40));
    }
}
