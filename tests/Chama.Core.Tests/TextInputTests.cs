using Chama.Core.Text;

namespace Chama.Core.Tests;

public sealed class TextInputTests
{
    [Theory]
    [InlineData("Grace \u202EWanjiku\u202C", "Grace Wanjiku")]
    [InlineData("\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee", "abcde")]
    [InlineData("\u2066a\u2067b\u2068c\u2069d", "abcd")]
    [InlineData("\u200Ea\u200Fb\u061Cc", "abc")]
    [InlineData("in\u200Bvis\uFEFFible\u00AD", "invisible")]
    [InlineData("nul\0 and \u001B[31mescape\u007F\u0085", "nul and [31mescape")]
    [InlineData("  padded  ", "padded")]
    public void Control_and_bidi_characters_are_removed(string typed, string kept)
    {
        Assert.Equal(kept, TextInput.Line(typed));
        Assert.Equal(kept, TextInput.Lines(typed));
    }

    [Fact]
    public void A_name_is_one_line()
    {
        Assert.Equal("Grace Wanjiku Otieno", TextInput.Line("Grace\r\nWanjiku\tOtieno\n"));
    }

    [Fact]
    public void A_reason_keeps_its_lines_and_tabs()
    {
        Assert.Equal("Admitted at KNH\nward 5\tbed 2", TextInput.Lines("Admitted at KNH\r\nward 5\tbed 2\r"));
    }

    [Fact]
    public void Letters_of_every_script_and_emoji_stay()
    {
        const string text = "Wanjikũ Ng'ang'a · Ōtieno · مريم · 💸🇰🇪 · KES 5,000";

        Assert.Equal(text, TextInput.Line(text));
        Assert.True(TextInput.IsWellFormed(text));
    }

    [Fact]
    public void A_lone_surrogate_is_removed_and_a_pair_kept()
    {
        Assert.Equal("ab💸", TextInput.Line("a\uD800b\uDC00💸"));
    }

    [Fact]
    public void Nothing_or_null_is_empty()
    {
        Assert.Equal("", TextInput.Line(null));
        Assert.Equal("", TextInput.Lines("\u202E\u200F \t"));
    }

    [Theory]
    [InlineData("nul\0")]
    [InlineData("bell\u0007")]
    [InlineData("c1\u0085")]
    [InlineData("lone \uD800 high")]
    [InlineData("lone \uDC00 low")]
    [InlineData("ends high \uD83D")]
    [InlineData("invalid UTF-8 \uFFFD")]
    public void Text_no_person_types_is_not_well_formed(string text)
    {
        Assert.False(TextInput.IsWellFormed(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("REJECT P1 not yet\r\nsee me\tafter")]
    [InlineData("Grace \u202EWanjiku")]
    public void Typed_text_is_well_formed_even_with_bidi_characters_which_the_normaliser_removes(string text)
    {
        Assert.True(TextInput.IsWellFormed(text));
    }
}
