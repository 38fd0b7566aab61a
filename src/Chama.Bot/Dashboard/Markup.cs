using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Chama.Bot.Dashboard;

/// <summary>
/// A piece of HTML known to be safe. Built only through <see cref="Html"/>, whose interpolation encodes every value that
/// is not itself <see cref="Markup"/>: a member named <c>&lt;script&gt;</c> shows as text, never as a tag.
/// </summary>
public sealed class Markup
{
    public static readonly Markup Empty = new("");

    internal Markup(string value) => Value = value;

    public string Value { get; }

    public static Markup Join(IEnumerable<Markup> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public override string ToString() => Value;
}

/// <summary>Writes HTML from an interpolated string: literals as written, values HTML-encoded.</summary>
public static class Html
{
    public static Markup Of(HtmlHandler html) => html.ToMarkup();

    /// <summary>Markup when <paramref name="condition"/> holds, nothing otherwise.</summary>
    public static Markup If(bool condition, HtmlHandler html) => condition ? html.ToMarkup() : Markup.Empty;
}

[InterpolatedStringHandler]
public ref struct HtmlHandler
{
    private readonly StringBuilder builder;

    public HtmlHandler(int literalLength, int formattedCount) => builder = new StringBuilder(literalLength + (formattedCount * 16));

    public readonly void AppendLiteral(string literal) => builder.Append(literal);

    public readonly void AppendFormatted(Markup? markup) => builder.Append(markup?.Value);

    public readonly void AppendFormatted<T>(T value) =>
        builder.Append(HtmlEncoder.Default.Encode(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? ""));

    internal readonly Markup ToMarkup() => new(builder.ToString());
}
