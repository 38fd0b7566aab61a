using System.Net;
using Chama.Bot.Tests.Mpesa;
using Chama.Bot.Tests.Notifications;
using Chama.Core;
using Chama.Data.Payments;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chama.Bot.Tests.Faults;

/// <summary>
/// The database failing under the webhooks, through the real HTTP pipeline: every provider hears 503 with Retry-After
/// (so it retries), nothing of the request is kept, and the retry after the database returns counts once.
/// </summary>
public sealed class DatabaseUnavailableTests : IDisposable
{
    private const string StatusUrl = $"{BotFactory.PublicBaseUrl}/webhooks/whatsapp/status";

    private readonly LogRecorder logs = new();
    private readonly BotFactory factory;

    public DatabaseUnavailableTests() =>
        factory = new BotFactory().WithCallbacks().With("Ussd:ServiceCode", "*384*123#").WithServices(s => s.AddSingleton<ILoggerProvider>(logs));

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_database_that_cannot_be_opened_gets_503_on_every_webhook_and_the_retried_callback_counts_once()
    {
        var demo = await Demo.LoadAsync(factory);
        var checkout = await factory.PushAsync(demo, demo.Samuel, 10_000);
        var client = factory.CreateClient();
        var channels = new Channels(client);
        var daraja = new DarajaCallbacks(client);
        var callback = DarajaCallbacks.StkSuccess(checkout, 10_000, "UDU1BC2DE3");
        var before = await DatabaseProbe.SnapshotAsync(factory);

        // The database's folder goes away (an unmounted volume); idle pooled connections are dropped, as after a restart.
        var away = factory.Folder + "-away";
        Directory.Move(factory.Folder, away);
        SqliteConnection.ClearAllPools();
        try
        {
            await AssertUnavailableAsync(await daraja.PostAsync("stk", callback));
            await AssertUnavailableAsync(await daraja.PostAsync("c2b/confirmation", DarajaCallbacks.Paybill("UDU2BC2DE3", "UMOJA-4")));
            await AssertUnavailableAsync(await channels.PostWhatsAppAsync(Channels.WhatsAppForm(demo.Samuel.Phone.E164, "BALANCE")));
            await AssertUnavailableAsync(await channels.PostUssdAsync(UssdForm(demo.Samuel.Phone.E164)));
            await AssertUnavailableAsync(await PostStatusAsync(client));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        }
        finally
        {
            Directory.Move(away, factory.Folder);
        }

        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        // Logged once per refused request, as a warning naming the path and SQLite's reason; not again as an unhandled error.
        var warnings = logs.Entries.Where(e => e.Category == "Chama.Bot.Database").ToList();
        Assert.Equal(5, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("answered 503: SQLite Error 14", w.Message, StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Message.Contains("/webhooks/payments/{token}/stk", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(DarajaCallbacks.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Category.Contains("ExceptionHandler", StringComparison.Ordinal));
        Assert.Equal("0", await daraja.DeliverAsync("stk", callback));
        Assert.Equal("0", await daraja.DeliverAsync("stk", callback));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "contributions", "receipt = 'UDU1BC2DE3'"));
        Assert.Equal(1_000_000, await PaidInMinorAsync());
    }

    [Fact]
    public async Task A_full_disk_gets_503_keeps_nothing_of_the_callback_and_its_retry_after_space_returns_counts_once()
    {
        using var capped = new BotFactory().WithCallbacks().With("Database:MaxSizeMegabytes", "4");
        var demo = await Demo.LoadAsync(capped);
        var checkouts = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            checkouts.Add(await capped.PushAsync(demo, demo.Members[i % demo.Members.Count], 100));
        }

        var client = capped.CreateClient();
        var daraja = new DarajaCallbacks(client);
        await FillToAsync(capped.DatabasePath, 4L * 1024 * 1024);

        // Each callback adds rows; once the pages left in the file are used up, SQLite answers SQLITE_FULL.
        var acknowledged = new List<int>();
        int? refused = null;
        for (var i = 0; i < checkouts.Count && refused is null; i++)
        {
            using var response = await daraja.PostAsync("stk", DarajaCallbacks.StkSuccess(checkouts[i], 100, Receipt(i)));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                acknowledged.Add(i);
            }
            else
            {
                await AssertUnavailableAsync(response);
                refused = i;
            }
        }

        Assert.NotNull(refused);
        var full = refused.Value;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        Assert.Equal(0, await DatabaseProbe.CountAsync(capped, "contributions", $"receipt = '{Receipt(full)}'"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(capped, "mpesa_callbacks", $"body LIKE '%{checkouts[full]}%'"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(capped, "outbound_messages", $"idempotency_key = 'receipt:{Receipt(full)}'"));
        Assert.Equal(PaymentRequestStatus.Sent, (await capped.Get<PaymentRequestStore>().FindByCheckoutAsync(checkouts[full]))!.Status);

        // Space returns; Daraja retries the refused callback, and for good measure every other one.
        await ExecuteAsync(capped.DatabasePath, "DROP TABLE ballast;");
        for (var i = 0; i <= full; i++)
        {
            Assert.Equal("0", await daraja.DeliverAsync("stk", DarajaCallbacks.StkSuccess(checkouts[i], 100, Receipt(i))));
        }

        for (var i = 0; i <= full; i++)
        {
            Assert.Equal(1, await DatabaseProbe.CountAsync(capped, "contributions", $"receipt = '{Receipt(i)}'"));
        }

        Assert.Equal((full + 1) * 10_000L, await PaidInMinorAsync(capped));

        // Ready again once the outage's Retry-After has passed with the database answering.
        capped.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_WhatsApp_message_refused_on_a_full_disk_is_answered_when_Twilio_retries_it_after_space_returns()
    {
        using var capped = new BotFactory().With("Database:MaxSizeMegabytes", "4");
        var demo = await Demo.LoadAsync(capped);
        var channels = new Channels(capped.CreateClient());
        await FillToAsync(capped.DatabasePath, 4L * 1024 * 1024);

        // Long messages: the session keeps the input, so its save needs more room than the MessageSid's claim before it.
        var text = "BALANCE " + new string('x', 1400);
        Dictionary<string, string>? refused = null;
        for (var i = 0; i < 60 && refused is null; i++)
        {
            var form = Channels.WhatsAppForm(demo.Samuel.Phone.E164, text, $"SM{i:D32}");
            using var response = await channels.PostWhatsAppAsync(form);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await AssertUnavailableAsync(response);
                refused = form;
            }
        }

        Assert.NotNull(refused);
        await ExecuteAsync(capped.DatabasePath, "DROP TABLE ballast;");
        Assert.NotEqual("", await channels.WhatsAppAsync(demo.Samuel.Phone.E164, text, refused["MessageSid"]));
        Assert.Equal(1, await DatabaseProbe.CountAsync(capped, "inbound_messages", $"message_id = '{refused["MessageSid"]}' AND reply IS NOT NULL"));
    }

    private static string Receipt(int i) => $"UDF{i:D7}";

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
            Assert.Contains("retry", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static Dictionary<string, string> UssdForm(string phone) => new()
    {
        ["sessionId"] = $"ATUid_{Guid.NewGuid():N}",
        ["serviceCode"] = "*384*123#",
        ["phoneNumber"] = phone,
        ["networkCode"] = "63902",
        ["text"] = "",
    };

    private static async Task<HttpResponseMessage> PostStatusAsync(HttpClient client)
    {
        var form = StatusCallbackTests.Form("SM00000000000000000000000000faults", "delivered");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp/status") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", Channels.Sign(StatusUrl, form));
        return await client.SendAsync(request);
    }

    /// <summary>Something else takes the space: rows of ballast until the file reaches the host's cap.</summary>
    private static async Task FillToAsync(string databasePath, long bytes)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync("CREATE TABLE ballast (filler BLOB NOT NULL) STRICT;", transaction: transaction);
        var pageSize = await connection.ExecuteScalarAsync<long>("PRAGMA page_size;", transaction: transaction);
        long missing;
        while ((missing = bytes - (await connection.ExecuteScalarAsync<long>("PRAGMA page_count;", transaction: transaction) * pageSize)) > 0)
        {
            // About as many rows as fill the gap, a little less each round, so the file ends at the cap or a page past it.
            await connection.ExecuteAsync(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @rows) INSERT INTO ballast (filler) SELECT zeroblob(1000) FROM n;",
                new { rows = Math.Max(1, missing / 1200) },
                transaction);
        }

        transaction.Commit();
    }

    private static async Task ExecuteAsync(string databasePath, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.ExecuteAsync(sql);
    }

    private Task<long> PaidInMinorAsync() => PaidInMinorAsync(factory);

    private static async Task<long> PaidInMinorAsync(BotFactory host)
    {
        await using var connection = new SqliteConnection($"Data Source={host.DatabasePath};Pooling=False");
        return await connection.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(amount_minor), 0) FROM contributions;");
    }
}
