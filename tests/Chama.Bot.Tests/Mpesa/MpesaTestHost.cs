using Chama.Core;
using Chama.Data.Payments;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>The bot with its M-Pesa callback URLs under a known secret token, and payments started as a member would.</summary>
public static class MpesaTestHost
{
    public static BotFactory WithCallbacks(this BotFactory factory) => factory.With("Mpesa:CallbackToken", DarajaCallbacks.Token);

    /// <summary>Queues a payment as the pay flow does and waits for the dispatcher to push it; returns its CheckoutRequestID.</summary>
    public static async Task<string> PushAsync(
        this BotFactory factory, Demo demo, Member member, long shillings, int round = 1, PaymentPurpose purpose = PaymentPurpose.Contribution)
    {
        var payments = factory.Get<PaymentRequestStore>();
        var request = await payments.QueueAsync(new NewPaymentRequest(
            $"test:{Guid.NewGuid():N}", demo.Chama.Id, member.Id, demo.Rounds[round - 1].Id, Money.Kes(shillings), member.Phone, "whatsapp", purpose));
        factory.Get<Chama.Bot.Payments.PaymentQueueSignal>().PaymentQueued();
        var pushed = await Eventually.ReturnsAsync(() => payments.FindAsync(request.Id), r => r?.CheckoutRequestId is not null, $"payment request {request.Id} to be pushed");
        return pushed!.CheckoutRequestId!;
    }
}
