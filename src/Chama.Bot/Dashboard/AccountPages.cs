using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Accounts;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Where the chama's money sits: each account's money in, money out and balance, and an account's movements with the
/// running balance. Worded from <c>accounts_labels</c> in the officer's language.
/// </summary>
public static class AccountPages
{
    public static RouteGroupBuilder MapAccountPages(this RouteGroupBuilder chama)
    {
        chama.MapGet("/accounts", ListAsync);
        chama.MapGet("/accounts/{kind}", MovementsAsync);
        return chama;
    }

    private static async Task<IResult> ListAsync(HttpContext http, AccountStore accounts, MessageTexts texts)
    {
        var seat = OfficerSeat.Of(http);
        var balances = await accounts.ListAsync(seat.Chama.Id, http.RequestAborted);
        var label = Labels(texts, seat.Officer.Language, balances);
        var rows = Markup.Join(balances.Select(b => Html.Of(
            $"<tr><th scope=\"row\"><a href=\"{DashboardLayout.Href(seat.Chama.Id, $"accounts/{b.Account.Kind.ToString().ToLowerInvariant()}")}\">{Name(label, b.Account)}</a></th><td class=\"n\">{b.In}</td><td class=\"n\">{b.Out}</td><td class=\"n\">{b.Balance}</td></tr>")));
        var body = Html.Of(
            $"""
            <div class="table" role="region" tabindex="0" aria-label="{label[0]}"><table><thead><tr><th scope="col">{label[0]}</th><th class="n" scope="col">{label[1]}</th><th class="n" scope="col">{label[2]}</th><th class="n" scope="col">{label[3]}</th></tr></thead><tbody>{rows}</tbody></table></div>
            {Html.If(balances.Any(b => b.Account is { Kind: AccountKind.Cash, HolderMemberId: null }), $"<p>{label[18]}</p>")}
            """);
        return DashboardLayout.ChamaPage(http, seat, "accounts", body);
    }

    private static async Task<IResult> MovementsAsync(string kind, HttpContext http, AccountStore accounts, MessageTexts texts)
    {
        var seat = OfficerSeat.Of(http);
        if (!Enum.GetNames<AccountKind>().Contains(kind, StringComparer.OrdinalIgnoreCase) || !Enum.TryParse<AccountKind>(kind, ignoreCase: true, out var account))
        {
            return Results.NotFound();
        }

        var balances = await accounts.ListAsync(seat.Chama.Id, http.RequestAborted);
        var label = Labels(texts, seat.Officer.Language, balances);
        var movements = await accounts.MovementsAsync(seat.Chama.Id, account, http.RequestAborted);
        var running = Money.Zero(seat.Chama.Currency);
        var rows = new List<Markup>();
        foreach (var movement in movements)
        {
            running += movement.Amount;
            rows.Add(Html.Of(
                $"<tr><td>{DashboardLayout.When(movement.At)}</td><td>{movement.Reference}</td><td>{movement.MemberName}</td><td>{What(label, movement.What)}</td><td class=\"n\">{movement.Amount}</td><td class=\"n\">{running}</td></tr>"));
        }

        var name = balances.FirstOrDefault(b => b.Account.Kind == account) is { } shown ? Name(label, shown.Account) : account.ToString();
        var body = Html.Of(
            $"""
            <h2>{name}</h2>
            {(rows.Count == 0 ? Html.Of($"<p>{label[13]}</p>") : Html.Of($"<div class=\"table\" role=\"region\" tabindex=\"0\" aria-label=\"{name}\"><table><thead><tr><th scope=\"col\">{label[7]}</th><th scope=\"col\">{label[8]}</th><th scope=\"col\">{label[9]}</th><th scope=\"col\">{label[10]}</th><th class=\"n\" scope=\"col\">{label[11]}</th><th class=\"n\" scope=\"col\">{label[12]}</th></tr></thead><tbody>{Markup.Join(rows)}</tbody></table></div>"))}
            """);
        return DashboardLayout.ChamaPage(http, seat, "accounts", body);
    }

    private static string[] Labels(MessageTexts texts, Language language, IReadOnlyList<AccountBalance> balances) =>
        texts.Render(language, "accounts_labels", new
        {
            bank = balances.FirstOrDefault(b => b.Account.Kind == AccountKind.Bank)?.Account.Name ?? "",
            holder = balances.FirstOrDefault(b => b.Account.Kind == AccountKind.Cash)?.Account.Name ?? "",
        }).Split('\n');

    private static string Name(string[] label, ChamaAccount account) => account.Kind switch
    {
        AccountKind.Mpesa => label[4],
        AccountKind.Bank => label[5],
        _ => label[6],
    };

    private static string What(string[] label, string what) => what switch
    {
        "Pot" => label[14],
        "Welfare" => label[15],
        "PotPayout" => label[16],
        "Reversal" => label[19],
        "LoanPayout" => label[20],
        _ => label[17],
    };
}
