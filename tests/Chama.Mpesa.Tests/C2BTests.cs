using Chama.Mpesa.Callbacks;

namespace Chama.Mpesa.Tests;

public class C2BTests
{
    [Fact]
    public async Task Pay_bill_sends_confirmation_to_the_registered_url()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        await daraja.Client.RegisterC2BUrlsAsync(CancellationToken.None);

        var payment = await daraja.Simulator.PayBillAsync("GRP1-M07", 750, "254712000001");
        var confirmation = C2BTransaction.Parse(Assert.Single(daraja.Callbacks.Bodies("/c2b/confirmation")));

        Assert.True(payment.Confirmed);
        Assert.NotNull(confirmation);
        Assert.Equal((payment.TransId, 75_000L, "GRP1-M07", "174379"), (confirmation.TransId, confirmation.AmountCents, confirmation.BillRefNumber, confirmation.BusinessShortCode));
        Assert.Matches("^[A-Z0-9]{10}$", confirmation.TransId);
        Assert.DoesNotContain("254712000001", confirmation.MaskedMsisdn, StringComparison.Ordinal);
        Assert.Equal(2, daraja.Callbacks.Paths.Count);
        Assert.EndsWith("/c2b/validation", daraja.Callbacks.Paths[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pay_bill_refused_by_validation_is_not_confirmed()
    {
        await using var daraja = await DarajaHarness.StartAsync();
        await daraja.Client.RegisterC2BUrlsAsync(CancellationToken.None);
        daraja.Callbacks.ValidationAnswer = """{"ResultCode":"C2B00012","ResultDesc":"Rejected"}""";

        var payment = await daraja.Simulator.PayBillAsync("NO-SUCH-ACCT", 750);

        Assert.False(payment.Confirmed);
        Assert.NotNull(C2BTransaction.Parse(Assert.Single(daraja.Callbacks.Bodies("/c2b/validation"))));
        Assert.Empty(daraja.Callbacks.Bodies("/c2b/confirmation"));
    }

    [Fact]
    public async Task Pay_bill_without_registered_urls_throws()
    {
        await using var daraja = await DarajaHarness.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => daraja.Simulator.PayBillAsync("GRP1-M07", 750));
    }
}
