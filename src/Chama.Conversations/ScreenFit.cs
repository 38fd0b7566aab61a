namespace Chama.Conversations;

/// <summary>Fits a list into one screen: as many items as the channel's limit allows, the rest summed up as "and N more".</summary>
public static class ScreenFit
{
    /// <summary>The gateway's hard limit is 182 characters; 160 leaves room for every handset.</summary>
    public const int UssdLimit = 160;

    /// <summary>The gateway's hard limit for one screen, its <c>CON </c> included.</summary>
    public const int UssdGatewayLimit = 182;

    /// <summary>Twilio's body limit is 1,600; a margin keeps the footer in.</summary>
    public const int WhatsAppLimit = 1_500;

    public static int Limit(bool ussd) => ussd ? UssdLimit : WhatsAppLimit;

    /// <summary>Renders with all <paramref name="count"/> items, then fewer, until the text fits.</summary>
    public static string Longest(int count, bool ussd, Func<int, string> render)
    {
        var limit = Limit(ussd);
        for (var shown = count; shown > 0; shown--)
        {
            var text = render(shown);
            if (text.Length <= limit)
            {
                return text;
            }
        }

        return render(0);
    }

    /// <summary>
    /// Cuts lines (oldest first) into pages of at most <paramref name="budget"/> characters each, newline included,
    /// filled from the newest: page 1 ends with the newest line, page 2 with the last line before page 1, and so on.
    /// Each page keeps its lines oldest first; a line longer than the budget has a page of its own.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> PagesFromNewest(IReadOnlyList<string> lines, int budget)
    {
        var pages = new List<IReadOnlyList<string>>();
        var page = new List<string>();
        var used = 0;
        for (var index = lines.Count - 1; index >= 0; index--)
        {
            var cost = lines[index].Length + 1;
            if (page.Count > 0 && used + cost > budget)
            {
                pages.Add(page);
                (page, used) = ([], 0);
            }

            page.Insert(0, lines[index]);
            used += cost;
        }

        if (page.Count > 0)
        {
            pages.Add(page);
        }

        return pages;
    }
}
