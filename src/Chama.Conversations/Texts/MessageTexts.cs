using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Chama.Core;
using Fluid;

namespace Chama.Conversations.Texts;

/// <summary>
/// Every member-facing text, from <c>templates/&lt;lang&gt;/&lt;key&gt;.liquid</c>, parsed once with Fluid. Rendering is
/// strict: an unknown variable or filter throws, so a broken template fails a test, never a member's conversation.
/// </summary>
public sealed class MessageTexts
{
    private static readonly FluidParser Parser = new();

    /// <summary>
    /// The constitution's clause numbers, given to every template as <c>clause</c> (<c>Rule {{ clause.late_fine }}</c>),
    /// so a message quotes the number <see cref="Clause"/> gives and no template writes one of its own.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, object> ClauseNumbers = Enum.GetValues<Clause>()
        .ToDictionary(ClauseKey, clause => (object)(int)clause);
    private readonly IReadOnlyDictionary<(Language, string), IFluidTemplate> templates;
    private readonly TemplateOptions options;

    private MessageTexts(IReadOnlyDictionary<(Language, string), IFluidTemplate> templates)
    {
        this.templates = templates;
        options = new TemplateOptions { StrictVariables = true, StrictFilters = true, MemberAccessStrategy = UnsafeMemberAccessStrategy.Instance };
    }

    public IEnumerable<string> Keys => templates.Keys.Select(k => k.Item2).Distinct().Order();

    /// <summary>Loads the templates compiled into this assembly; refuses a template that does not parse or a key missing in a language.</summary>
    public static MessageTexts LoadEmbedded()
    {
        var assembly = typeof(MessageTexts).Assembly;
        var parsed = new Dictionary<(Language, string), IFluidTemplate>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("templates/", StringComparison.Ordinal)))
        {
            var parts = resource.Split('/');
            var language = Enum.Parse<Language>(parts[1], ignoreCase: true);
            var key = Path.GetFileNameWithoutExtension(parts[2]);
            var source = Read(assembly, resource);
            if (!Parser.TryParse(source, out var template, out var error))
            {
                throw new InvalidOperationException($"Template {resource} does not parse: {error}");
            }

            parsed[(language, key)] = template;
        }

        var keys = parsed.Keys.Select(k => k.Item2).ToHashSet();
        var missing = Enum.GetValues<Language>().SelectMany(l => keys.Where(k => !parsed.ContainsKey((l, k))).Select(k => $"{l}/{k}")).ToList();
        return missing.Count == 0
            ? new MessageTexts(parsed)
            : throw new InvalidOperationException($"Templates missing: {string.Join(", ", missing)}");
    }

    /// <summary>Renders <paramref name="key"/> in <paramref name="language"/>. The model's public properties are the template's variables.</summary>
    public string Render(Language language, string key, object? model = null, bool ussd = false)
    {
        if (!templates.TryGetValue((language, key), out var template))
        {
            throw new KeyNotFoundException($"There is no template {language}/{key}.");
        }

        var context = model is null ? new TemplateContext(options) : new TemplateContext(model, options);
        context.SetValue("ussd", ussd);
        context.SetValue("clause", ClauseNumbers);
        return Tidy(template.Render(context));
    }

    /// <summary><see cref="Clause.LateFine"/> as a template reads it: <c>late_fine</c>.</summary>
    public static string ClauseKey(Clause clause) =>
        string.Concat(clause.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"_{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));

    /// <summary>Trailing spaces and blank trailing lines come from template layout, not from the message.</summary>
    private static string Tidy(string text)
    {
        // Line by line on '\n'; trimming a line's end also drops the '\r' of a "\r\n".
        var tidy = new StringBuilder(text.Length);
        var rest = text.AsSpan();
        while (true)
        {
            var end = rest.IndexOf('\n');
            tidy.Append((end < 0 ? rest : rest[..end]).TrimEnd());
            if (end < 0)
            {
                return tidy.ToString().Trim();
            }

            tidy.Append('\n');
            rest = rest[(end + 1)..];
        }
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
