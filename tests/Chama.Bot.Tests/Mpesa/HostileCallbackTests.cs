using System.Net;
using System.Text;
using Chama.Bot.Channels.Mpesa;
using Chama.Data.Mpesa;
using Chama.Tests;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>
/// Callbacks Daraja would never send, on the right secret path: an amount too large to be one, a paybill payment to
/// another business, a body far too large. Each is acknowledged or refused as Daraja expects and credits nothing.
/// </summary>
public abstract class HostileCallbackTests : IDisposable
{
    private const string OurPaybill = "600984";
    private readonly BotFactory factory;
    private readonly DarajaCallbacks daraja;

    protected HostileCallbackTests(Engine engine)
    {
        factory = new BotFactory(engine).WithCallbacks().With("Mpesa:ShortCode", OurPaybill);
        daraja = new DarajaCallbacks(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    public static TheoryData<string> Overflowing => ["1e30", "99999999999999999999", "79228162514264337593543950335", "1000000000.01"];

    [Theory]
    [MemberData(nameof(Overflowing))]
    public async Task An_STK_callback_whose_amount_overflows_is_acknowledged_and_kept_as_malformed(string amount)
    {
        var demo = await Demo.LoadAsync(factory);
        var checkout = await factory.PushAsync(demo, demo.Samuel, 10_000);
        var before = await DatabaseProbe.SnapshotAsync(factory);
        var body = DarajaCallbacks.StkSuccess(checkout, 10_000, "UOV1BC2DE3").Replace("10000.00", amount, StringComparison.Ordinal);
        Assert.Contains(amount, body, StringComparison.Ordinal);

        Assert.Equal("0", await daraja.DeliverAsync("stk", body));

        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        var kept = Assert.Single(await factory.Get<CallbackLog>().ListAsync("stk"));
        Assert.Equal(MpesaCallbacks.Malformed, kept.Outcome);
        Assert.Equal(body, kept.Body);
    }

    [Theory]
    [MemberData(nameof(Overflowing))]
    public async Task A_paybill_confirmation_whose_amount_overflows_is_acknowledged_and_kept_as_malformed(string amount)
    {
        _ = factory.Server;
        var before = await DatabaseProbe.SnapshotAsync(factory);
        var body = DarajaCallbacks.Paybill("UOV2BC2DE3", "UMOJA-4", amount).Replace($"\"{amount}\"", amount, StringComparison.Ordinal);

        Assert.Equal("0", await daraja.DeliverAsync("c2b/confirmation", body));

        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        var kept = Assert.Single(await factory.Get<CallbackLog>().ListAsync("c2b/confirmation"));
        Assert.Equal(MpesaCallbacks.Malformed, kept.Outcome);
        Assert.Equal(body, kept.Body);
    }

    [Fact]
    public async Task A_paybill_confirmation_for_another_shortcode_is_kept_and_not_credited()
    {
        _ = factory.Server;
        var before = await DatabaseProbe.SnapshotAsync(factory);
        var body = DarajaCallbacks.Paybill("UOS1BC2DE3", "UMOJA-4").Replace($"\"{OurPaybill}\"", "\"174379\"", StringComparison.Ordinal);
        Assert.Contains("174379", body, StringComparison.Ordinal);

        Assert.Equal("0", await daraja.DeliverAsync("c2b/confirmation", body));

        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "contributions", "receipt = 'UOS1BC2DE3'"));
        var kept = Assert.Single(await factory.Get<CallbackLog>().ListAsync("c2b/confirmation"));
        Assert.Equal(MpesaCallbacks.OtherShortCode, kept.Outcome);
        Assert.Equal(body, kept.Body);
    }

    [Fact]
    public async Task A_paybill_confirmation_for_our_shortcode_is_credited()
    {
        _ = factory.Server;

        Assert.Equal("0", await daraja.DeliverAsync("c2b/confirmation", DarajaCallbacks.Paybill("UOS2BC2DE3", "UMOJA-4")));

        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "contributions", "receipt = 'UOS2BC2DE3'"));
    }

    [Theory]
    [InlineData("stk")]
    [InlineData("c2b/confirmation")]
    [InlineData("b2c/result")]
    public async Task An_oversize_callback_body_gets_413_and_is_kept_nowhere(string path)
    {
        _ = factory.Server;
        var before = await DatabaseProbe.SnapshotAsync(factory);
        var huge = "{\"Body\":\"" + new string('x', 100 * 1024) + "\"}";

        using var response = await daraja.PostAsync(path, huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Empty(await factory.Get<CallbackLog>().ListAsync());
    }
}

public sealed class SqliteHostileCallbackTests() : HostileCallbackTests(Engine.Sqlite);

public sealed class PostgresHostileCallbackTests() : HostileCallbackTests(Engine.Postgres);
