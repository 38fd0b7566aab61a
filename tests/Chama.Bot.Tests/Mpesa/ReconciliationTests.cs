using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.Payments;
using NSubstitute;
using NSubstitute.Extensions;

namespace Chama.Bot.Tests.Mpesa;

public sealed class ReconciliationTests : IDisposable
{
    private readonly BotFactory factory = new BotFactory().With("Mpesa:ConsumerKey", "configured").WithCallbacks();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_push_that_never_got_its_checkout_id_is_closed_and_the_member_told_it_is_unconfirmed()
    {
        // M-Pesa never answers the push request: the host is stuck, as if it had stopped mid-request.
        var never = new TaskCompletionSource<string>();
        factory.StkPush.Configure().StartAsync(Arg.Any<PaymentRequest>(), Arg.Any<CancellationToken>()).Returns(never.Task);
        var channels = new Channels(factory.CreateClient());
        await channels.WhatsAppAsync(Phones.Samuel, "PAY");
        await channels.WhatsAppAsync(Phones.Samuel, "1");
        await channels.WhatsAppAsync(Phones.Samuel, "1");
        await Eventually.ReceivedAsync(factory.StkPush, request => request.Phone.E164 == Phones.Samuel);

        factory.Clock.Advance(TimeSpan.FromMinutes(2));

        var message = await Eventually.ReturnsAsync(
            () => factory.Get<Outbox>().ListForPhoneAsync(PhoneNumber.Parse(Phones.Samuel)), m => m.Count == 1, "the unconfirmed notice");
        Assert.Contains("We could not confirm whether your M-Pesa payment of KES 10,000 went through.", message[0].Body);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "payment_requests", "status = 'Failed'"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "contributions"));
    }
}
