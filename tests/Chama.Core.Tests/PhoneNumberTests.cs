using Chama.Core;

namespace Chama.Core.Tests;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("0712 000 001", "+254712000001")]
    [InlineData("0712000001", "+254712000001")]
    [InlineData("712000001", "+254712000001")]
    [InlineData("254712000001", "+254712000001")]
    [InlineData("+254712000001", "+254712000001")]
    [InlineData("+254 712 000001", "+254712000001")]
    [InlineData("00254712000001", "+254712000001")]
    [InlineData("whatsapp:+254712000001", "+254712000001")]
    [InlineData("0110 123 456", "+254110123456")]
    [InlineData("0100123456", "+254100123456")]
    [InlineData("0733-000-003", "+254733000003")]
    [InlineData("+44 7911 123456", "+447911123456")]
    public void Member_phones_are_normalised_to_E164(string input, string expected) =>
        Assert.Equal(expected, PhoneNumber.Parse(input).E164);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("12345")]
    [InlineData("0712abc001")]
    [InlineData("0800-FLOWERS")]
    [InlineData("+254 712 000 001 999")]
    [InlineData("020 2222222")]
    public void Anything_else_is_refused_with_a_clear_message(string? input)
    {
        var error = Assert.Throws<ChamaException>(() => PhoneNumber.Parse(input));
        Assert.Equal(ChamaError.InvalidPhone, error.Error);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void A_landline_is_refused_because_money_moves_by_mobile() =>
        Assert.Contains("not a mobile number", Assert.Throws<ChamaException>(() => PhoneNumber.Parse("020 2222222")).Message);

    [Fact]
    public void Logs_see_only_a_masked_number()
    {
        var phone = PhoneNumber.Parse("0712000001");
        Assert.Equal("+2547******01", phone.Masked);
        Assert.DoesNotContain("712000", phone.Masked);
    }

    [Fact]
    public void Offers_the_forms_providers_want()
    {
        var phone = PhoneNumber.Parse("0712000001");
        Assert.Equal("254712000001", phone.Digits);
        Assert.Equal("whatsapp:+254712000001", phone.WhatsAppAddress);
    }

    [Fact]
    public void Equal_numbers_in_different_forms_are_equal() =>
        Assert.Equal(PhoneNumber.Parse("0712 000 001"), PhoneNumber.Parse("whatsapp:+254712000001"));

    [Fact]
    public void A_stored_number_reads_back_as_itself_and_a_damaged_one_is_still_refused()
    {
        Assert.Equal(PhoneNumber.Parse("0712 000 001"), PhoneNumber.FromStored("+254712000001"));
        Assert.Equal(ChamaError.InvalidPhone, Assert.Throws<ChamaException>(() => PhoneNumber.FromStored("0712-not-a-phone")).Error);
    }

    [Theory]
    [InlineData("+44 7911 123456", "+447911123456")]
    [InlineData("whatsapp:+447911123456", "+447911123456")]
    [InlineData("0044 7911 123456", "+447911123456")]
    [InlineData("+1 (214) 748-3647", "+12147483647")]
    [InlineData("whatsapp:+12147483647", "+12147483647")]
    [InlineData("+256 772 123456", "+256772123456")]
    [InlineData("00256772123456", "+256772123456")]
    public void Members_abroad_keep_their_own_country_numbers_in_E164(string input, string expected)
    {
        var phone = PhoneNumber.Parse(input);

        Assert.Equal(expected, phone.E164);
        Assert.False(phone.IsKenyan);
        Assert.Equal(PhoneNumber.Parse(expected), PhoneNumber.FromStored(expected));
    }

    [Theory]
    [InlineData("+447911123456", "+4479******56")]
    [InlineData("+12147483647", "+1214*****47")]
    [InlineData("+256772123456", "+2567******56")]
    public void A_number_from_abroad_is_masked_in_logs_too(string e164, string masked)
    {
        var phone = PhoneNumber.Parse(e164);

        Assert.Equal(masked, phone.Masked);
        Assert.DoesNotContain(e164[5..^2], phone.Masked);
    }

    [Fact]
    public void Only_plus_254_numbers_are_Kenyan()
    {
        Assert.True(PhoneNumber.Parse("0712000001").IsKenyan);
        Assert.True(PhoneNumber.Parse("0110123456").IsKenyan);
        Assert.False(PhoneNumber.Parse("+255712345678").IsKenyan);
    }
}
