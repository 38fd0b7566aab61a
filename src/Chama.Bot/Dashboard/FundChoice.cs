using Chama.Core;

namespace Chama.Bot.Dashboard;

/// <summary>The fund an officer records a payment into, as the dashboard's forms offer it; the words sent are <see cref="FundWords"/>'.</summary>
internal static class FundChoice
{
    private static readonly (Fund Fund, string Label)[] Choices =
    [
        (Fund.Pot, "The pot (the member's round)"),
        (Fund.Welfare, "The welfare fund"),
        (Fund.Savings, "The member's savings"),
        (Fund.Loan, "A repayment of the member's loan"),
    ];

    /// <summary>The options of a fund select, <paramref name="selected"/> (a fund word, or empty for the pot) chosen.</summary>
    public static Markup Options(string selected)
    {
        var chosen = selected.Trim().Length == 0 ? Fund.Pot : FundWords.Read(selected) ?? Fund.Pot;
        return Markup.Join(Choices.Select(c => Html.Of($"<option value=\"{Name(c.Fund)}\"{Html.If(c.Fund == chosen, $" selected")}>{c.Label}</option>")));
    }

    /// <summary>How a list names the fund a payment went to.</summary>
    public static string Name(Fund fund) => FundWords.Word(fund).ToLowerInvariant();
}
