using Chama.Bot.Reports;
using Chama.Conversations.Commands.Loans;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Loans;

namespace Chama.Bot.Dashboard;

/// <summary>
/// The chama's loans: every loan with its borrower, what was lent, what is outstanding, due and late, and its stage;
/// above them the pooled fund lent out against the constitution's limit, and the loans report to download.
/// </summary>
public static class LoanPages
{
    public static RouteGroupBuilder MapLoanPages(this RouteGroupBuilder chama)
    {
        chama.MapGet("/loans", LoansAsync);
        return chama;
    }

    /// <summary>A sentence or label of the loans pages (<c>dashboard_loans</c>) in the officer's language.</summary>
    public static string Say(MessageTexts texts, OfficerSeat seat, string part, LoanFacts? loan = null, string borrower = "", LoanPosition? position = null, string stage = "", PooledFundView? fund = null) =>
        texts.Render(seat.Officer.Language, "dashboard_loans", new
        {
            part,
            grace = seat.Chama.Constitution.GraceDays,
            loan = loan?.Code ?? "",
            code = loan is null ? "" : DecisionKind.Recovery.Code(loan.Id),
            borrower,
            owed = position is null ? "" : LoanLifeNotices.Owed(position).ToString(),
            stage,
            lent = fund?.LentOut ?? "",
            limit = fund?.Limit ?? "",
            lend_percent = seat.Chama.Constitution.Lending.LendPercent,
            pooled = fund?.Pooled ?? "",
            savings = fund?.Savings ?? "",
            earnings = fund?.Earnings ?? "",
        });

    private static async Task<IResult> LoansAsync(HttpContext http, LoanRegister register, MessageTexts texts, TimeProvider clock)
    {
        var seat = OfficerSeat.Of(http);
        var chama = seat.Chama;
        var today = NairobiTime.Today(clock);
        var loans = await register.ListAsync(chama.Id, http.RequestAborted);
        var fund = PooledFundView.Of(await register.FundAsync(chama.Id, chama.Currency, http.RequestAborted), chama.Constitution.Lending);
        string Label(string part) => Say(texts, seat, part);

        var rows = Markup.Join(loans.Select(entry =>
        {
            var loan = entry.Loan;
            var position = loan.Position(today, chama.Constitution.GraceDays);
            var next = position?.Next is { } instalment && loan.IsRepaying ? $"{LoanLifeNotices.Date(instalment.Due)}: {position.NextAmount}" : "";
            return Html.Of(
                $"<tr><td>{loan.Code}</td><td>{entry.Borrower.Name} (seat {entry.Borrower.Seat})</td><td class=\"n\">{loan.Principal}</td><td class=\"n\">{(position is null ? "" : LoanLifeNotices.Owed(position).ToString())}</td><td class=\"n\">{(position is null ? "" : position.DueNow.ToString())}</td><td class=\"n\">{position?.Missed.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""}</td><td>{next}</td><td>{Say(texts, seat, "stage_name", stage: loan.Stage.ToString())}</td></tr>");
        }));
        var defaulted = loans.Where(l => l.Loan.Stage == LoanStage.Defaulted).Select(l => Html.Of($"<p>{Say(texts, seat, "recover_hint", l.Loan)}</p>"));
        var table = loans.Count == 0
            ? Html.Of($"<p>{Label("empty")}</p>")
            : Html.Of(
                $"""
                <div class="table" role="region" tabindex="0" aria-label="{Label("caption")}"><table><thead><tr><th scope="col">{Label("loan")}</th><th scope="col">{Label("borrower")}</th><th class="n" scope="col">{Label("principal")}</th><th class="n" scope="col">{Label("outstanding")}</th><th class="n" scope="col">{Label("due")}</th><th class="n" scope="col">{Label("late")}</th><th scope="col">{Label("next")}</th><th scope="col">{Label("stage")}</th></tr></thead>
                <tbody>{rows}</tbody></table></div>
                """);
        var body = Html.Of(
            $"""
            <p>{Say(texts, seat, chama.Constitution.Lending.Lends ? "fund" : "fund_off", fund: fund)}</p>
            <p>{Label("intro")}</p>
            {table}
            {Markup.Join(defaulted)}
            <p><a href="{ReportPages.DownloadHref(chama.Id, CsvReport.Loans)}" download>{Label("report")}</a> ({CsvFileNames.FileName(chama, CsvReport.Loans, today)})</p>
            """);
        return DashboardLayout.ChamaPage(http, seat, "loans", body);
    }
}

/// <summary>The pooled fund's figures as the loans page shows them; the limit is the constitution's share of the pooled fund.</summary>
public sealed record PooledFundView(string LentOut, string Limit, string Pooled, string Savings, string Earnings)
{
    public static PooledFundView Of(Data.Savings.PooledFund fund, LoanRules rules)
    {
        // The lend percent of the pooled fund, rounded down to the minor unit, as a loan request is checked against it.
        var pooled = fund.Savings + fund.Earnings;
        var limit = new Money((long)((Int128)pooled.Minor * rules.LendPercent / 100), pooled.Currency);
        return new PooledFundView(fund.LentOut.ToString(), limit.ToString(), pooled.ToString(), fund.Savings.ToString(), fund.Earnings.ToString());
    }
}
