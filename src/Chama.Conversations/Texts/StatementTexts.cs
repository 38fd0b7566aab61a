using System.Globalization;
using Chama.Core;

namespace Chama.Conversations.Texts;

/// <summary>How a statement's payment came, worded once for the dashboard's statement page and its CSV.</summary>
public static class StatementTexts
{
    public static string Route(MessageTexts texts, Language language, Movement movement) =>
        texts.Render(language, "statement_route", new
        {
            route = movement.Route.ToString(),
            paid = movement.PaidAbroad?.Paid.ToString() ?? "",
            rate = movement.PaidAbroad?.Rate.ToString(CultureInfo.InvariantCulture) ?? "",
        });
}
