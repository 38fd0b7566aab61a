namespace Chama.Core.Tests;

public class OfficerPinTests
{
    private static readonly Member Patrick = Fixtures.Member(2, "Patrick Ochieng", 2, MemberRoles.Chair) with
    {
        Phone = PhoneNumber.Parse("0722004817"),
        ReceivePhone = PhoneNumber.Parse("0733006150"),
    };

    [Theory]
    [InlineData("0000")]
    [InlineData("7777")]
    [InlineData("1234")]
    [InlineData("3456")]
    [InlineData("4321")]
    [InlineData("9876")]
    [InlineData("0123")]
    [InlineData("0002")]
    [InlineData("4817")]
    [InlineData("6150")]
    public void An_easy_PIN_is_weak(string pin) => Assert.True(OfficerPin.IsWeak(pin, Patrick));

    [Theory]
    [InlineData("2580")]
    [InlineData("1357")]
    [InlineData("9021")]
    [InlineData("4826")]
    public void Other_PINs_are_not_weak(string pin) => Assert.False(OfficerPin.IsWeak(pin, Patrick));

    [Theory]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("12345")]
    [InlineData("12a4")]
    [InlineData("１２３４")]
    [InlineData(" 123")]
    public void A_PIN_is_four_ASCII_digits(string pin) => Assert.False(OfficerPin.IsWellFormed(pin));

    [Fact]
    public void A_hash_verifies_its_PIN_only_and_is_salted()
    {
        var hash = OfficerPin.Hash("2580");

        Assert.True(OfficerPin.Verify("2580", hash));
        Assert.False(OfficerPin.Verify("2581", hash));
        Assert.NotEqual(hash, OfficerPin.Hash("2580"));
        Assert.DoesNotContain("2580", hash, StringComparison.Ordinal);
        Assert.StartsWith("pbkdf2-sha256$210000$", hash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2580")]
    [InlineData("pbkdf2-sha256$1000$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$210000$not base64$AAAA")]
    [InlineData("md5$210000$AAAA$AAAA")]
    public void An_unreadable_or_too_cheap_hash_verifies_nothing(string stored) => Assert.False(OfficerPin.Verify("2580", stored));
}
