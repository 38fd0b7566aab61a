using Chama.Core;

namespace Chama.Core.Tests;

public class ReceiptTests
{
    [Theory]
    [InlineData("QKJ4HT8MZP")]
    [InlineData("SAB1234567")]
    public void An_mpesa_receipt_is_ten_capitals_and_digits(string value)
    {
        var receipt = Receipt.Parse(value);
        Assert.Equal(ReceiptKind.Mpesa, receipt.Kind);
        Assert.Equal(value, receipt.Value);
    }

    [Fact]
    public void Cash_uses_the_treasurers_prefix() => Assert.Equal(ReceiptKind.Cash, Receipt.Parse("CASH-2026-014").Kind);

    [Fact]
    public void A_push_settled_by_query_is_recorded_against_its_checkout_id()
    {
        var receipt = Receipt.ForStkCheckout("ws_CO_1007202409152617172396192");
        Assert.Equal(ReceiptKind.StkCheckout, receipt.Kind);
        Assert.Equal("STK-ws_CO_1007202409152617172396192", receipt.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("STK-")]
    [InlineData("STK-ws CO 1")]
    [InlineData("qkj4ht8mzp")]
    [InlineData("QKJ4HT8MZ")]
    [InlineData("QKJ4HT8MZPX")]
    [InlineData("QKJ4-T8MZP")]
    [InlineData("CASH-")]
    [InlineData("CASH-lower")]
    [InlineData("REF-2026-01")]
    public void Anything_not_receipt_shaped_is_refused(string value) =>
        Assert.Equal(ChamaError.InvalidReceipt, Assert.Throws<ChamaException>(() => Receipt.Parse(value)).Error);
}
