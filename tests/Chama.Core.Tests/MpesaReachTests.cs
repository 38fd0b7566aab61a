namespace Chama.Core.Tests;

public class MpesaReachTests
{
    private static readonly PhoneNumber Nairobi = PhoneNumber.Parse("0712000001");
    private static readonly PhoneNumber London = PhoneNumber.Parse("+447911123456");

    [Fact]
    public void M_Pesa_serves_a_shillings_chama_member_with_a_Kenyan_number() =>
        Assert.True(MpesaReach.Serves("KES", Nairobi));

    [Theory]
    [InlineData("GBP")]
    [InlineData("USD")]
    [InlineData("UGX")]
    public void M_Pesa_serves_no_chama_in_another_currency(string currency)
    {
        Assert.False(MpesaReach.Serves(currency));
        Assert.False(MpesaReach.Serves(currency, Nairobi));
    }

    [Fact]
    public void M_Pesa_serves_no_number_outside_Kenya_even_in_a_shillings_chama() =>
        Assert.False(MpesaReach.Serves("KES", London));

    [Fact]
    public void Only_shillings_can_be_pushed()
    {
        Assert.True(NewPaymentRequest.IsPushable(Money.Kes(500)));
        Assert.False(NewPaymentRequest.IsPushable(Money.Major(500, "GBP")));
        Assert.False(NewPaymentRequest.IsPushable(new Money(50_050)));
    }
}
