using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.Payments;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>
/// Two hosts on one database claim the same queues at the same moments, with no lock between them: each row is taken by
/// one claim only, and every row due is taken.
/// </summary>
public abstract class ConcurrentClaimTests(Engine engine) : IAsyncLifetime
{
    private const int Rounds = 16;
    private TestDatabase db = null!;
    private IDatabase second = null!;
    private Umoja umoja = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        second = db.Open();
        umoja = await db.SeedUmojaAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncDisposable)second).DisposeAsync();
        await db.DisposeAsync();
    }

    [Fact]
    public async Task Two_hosts_claiming_the_outbox_at_once_take_each_message_once()
    {
        var messages = Enumerable.Range(0, 200)
            .Select(i => new OutboundMessage($"claim-test:{i}", umoja.Chama.Id, umoja.Members[i % 4].Id, umoja.Members[i % 4].Phone, $"Message {i}"))
            .ToList();
        await new Outbox.Outbox(db.Database, db.Clock).EnqueueAllAsync(messages);
        var hosts = new[] { new OutboxDelivery(db.Database, db.Clock), new OutboxDelivery(second, db.Clock) };

        var claims = await ClaimTogetherAsync(hosts, async host => (await host.ClaimAsync(TimeSpan.FromMinutes(5), limit: 9)).Select(m => m.IdempotencyKey).ToList());

        Assert.All(claims.SelectMany(c => c), claim => Assert.InRange(claim.Count, 0, 9));
        var taken = claims.SelectMany(c => c).SelectMany(claim => claim).ToList();
        Assert.Equal(taken.Count, taken.Distinct().Count());
        Assert.Equal(messages.Select(m => m.IdempotencyKey).Order(StringComparer.Ordinal), taken.Order(StringComparer.Ordinal));
        // Neither host waited for the other to finish: both took messages.
        Assert.All(claims, host => Assert.NotEmpty(host.SelectMany(claim => claim)));
    }

    [Fact]
    public async Task Two_hosts_claiming_queued_payment_requests_at_once_take_each_once()
    {
        var store = new PaymentRequestStore(db.Database, db.Clock);
        var queued = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var member = umoja.Members[i % 4];
            queued.Add((await store.QueueAsync(new NewPaymentRequest($"pay:{i}", umoja.Chama.Id, member.Id, umoja.Round1.Id, Money.Kes(100 + i), member.Phone, "whatsapp"))).RequestKey);
        }

        var hosts = new[] { store, new PaymentRequestStore(second, db.Clock) };

        var claims = await ClaimTogetherAsync(hosts, async host => (await host.ClaimQueuedAsync(limit: 3)).Select(r => r.RequestKey).ToList());
        // Two hosts that read the same queued requests leave them to whichever claims first: what is left is claimed after.
        var rest = new List<string>();
        while ((await store.ClaimQueuedAsync(limit: 50)).Select(r => r.RequestKey).ToList() is { Count: > 0 } more)
        {
            rest.AddRange(more);
        }

        var taken = claims.SelectMany(c => c).SelectMany(claim => claim).Concat(rest).ToList();
        Assert.Equal(taken.Count, taken.Distinct().Count());
        Assert.Equal(queued.Order(StringComparer.Ordinal), taken.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Each host claims <see cref="Rounds"/> times, and each time both start together (a barrier between rounds), so
    /// their claims overlap rather than run one after the other by chance. Per host, what each of its claims took.
    /// </summary>
    private static async Task<IReadOnlyList<List<string>>[]> ClaimTogetherAsync<THost>(IReadOnlyList<THost> hosts, Func<THost, Task<List<string>>> claim)
    {
        using var together = new Barrier(hosts.Count);
        return await Task.WhenAll(hosts.Select(host => Task.Factory.StartNew(
            () =>
            {
                var claims = new List<List<string>>();
                for (var round = 0; round < Rounds; round++)
                {
                    together.SignalAndWait();
                    claims.Add(claim(host).GetAwaiter().GetResult());
                }

                return (IReadOnlyList<List<string>>)claims;
            },
            TaskCreationOptions.LongRunning)));
    }
}

public sealed class SqliteConcurrentClaimTests() : ConcurrentClaimTests(Engine.Sqlite);

public sealed class PostgresConcurrentClaimTests() : ConcurrentClaimTests(Engine.Postgres);
