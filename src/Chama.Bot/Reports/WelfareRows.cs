using Chama.Core;
using Chama.Data.Reports;

namespace Chama.Bot.Reports;

/// <summary>
/// The welfare report: the fund's statement, oldest first. Contributions and paid fines come in, requests are listed
/// as asked (they move no money), the rest of a leaver's round after their exit refund comes in, payouts go out; the
/// balance after each line ends at the fund's balance.
/// </summary>
public static class WelfareRows
{
    public static IEnumerable<WelfareCsvRow> From(
        IEnumerable<ContributionLine> contributions,
        IEnumerable<WelfareRequestLine> requests,
        IEnumerable<WelfarePayoutLine> payouts,
        IEnumerable<ExitSettlementLine> exitSettlements,
        IReadOnlyDictionary<long, Member> members,
        string currency)
    {
        var entries = contributions.Where(c => c.Fund == Fund.Welfare).Select(c => (At: c.RecordedAt, Order: 0, c.Id, Row: Contribution(c, members)))
            .Concat(contributions.Where(c => c.Fund == Fund.Welfare && c.ReversedAt is not null).Select(c => (At: c.ReversedAt!.Value, Order: 2, c.Id, Row: Reversal(c, members))))
            .Concat(requests.Select(r => (At: r.RequestedAt, Order: 1, r.Id, Row: Request(r, members))))
            .Concat(exitSettlements.Where(x => x.ToWelfare.IsPositive).Select(x => (At: x.SettledAt, Order: 0, x.Id, Row: ExitShare(x, members))))
            .Concat(payouts.Select(p => (At: p.PaidAt, Order: 2, p.Id, Row: Payout(p, members))))
            .OrderBy(e => e.At).ThenBy(e => e.Order).ThenBy(e => e.Id);
        var balance = Money.Zero(currency);
        foreach (var (at, _, _, row) in entries)
        {
            balance = balance + (row.In ?? Money.Zero(currency)) - (row.Out ?? Money.Zero(currency));
            var (date, time) = CsvFormats.InNairobi(at);
            yield return row with { Date = date, Time = time, Balance = balance };
        }
    }

    private static WelfareCsvRow Contribution(ContributionLine line, IReadOnlyDictionary<long, Member> members)
    {
        var member = members[line.MemberId];
        var (entry, detail) = line.FineId is { } fineId
            ? ("Fine paid", $"{(line.FinesPaid > 1 ? $"{line.FinesPaid} fines from fine {fineId}" : $"fine {fineId}")}{(line.FineRoundNumber is { } round ? $", round {round}" : "")}")
            : ("Contribution", "");
        return Row(entry, member, "", line.Amount, null, null, line.Receipt.Value, line.Disputed ? $"{detail} (disputed)".TrimStart() : detail);
    }

    /// <summary>A recorded welfare payment the officers reversed: the money goes back out of the fund, by a new line.</summary>
    private static WelfareCsvRow Reversal(ContributionLine line, IReadOnlyDictionary<long, Member> members) =>
        Row("Reversal", members[line.MemberId], "", null, line.Amount, null, line.Receipt.Value, "a recorded payment reversed by the officers");

    private static WelfareCsvRow ExitShare(ExitSettlementLine settlement, IReadOnlyDictionary<long, Member> members) =>
        Row("Exit settlement", members[settlement.LeaverMemberId], "", settlement.ToWelfare, null, null, "", $"round {settlement.RoundNumber}: the rest after a refund of {settlement.Refund}");

    private static WelfareCsvRow Request(WelfareRequestLine request, IReadOnlyDictionary<long, Member> members) =>
        Row("Request", members[request.MemberId], Code(request.Id), null, null, request.Amount, "", $"{request.Kind}: {request.Reason}");

    private static WelfareCsvRow Payout(WelfarePayoutLine payout, IReadOnlyDictionary<long, Member> members)
    {
        var member = payout.MemberId is { } id ? members[id] : null;
        return Row("Payout", member, payout.RequestId is { } request ? Code(request) : "", null, payout.Amount, null, payout.Reference, "");
    }

    private static string Code(long requestId) => ApprovalSubject.CodeFor(ApprovalKind.Welfare, requestId);

    private static WelfareCsvRow Row(string entry, Member? member, string request, Money? moneyIn, Money? moneyOut, Money? requested, string reference, string detail)
    {
        var currency = (moneyIn ?? moneyOut ?? requested)!.Value.Currency;
        return new WelfareCsvRow(default, default, entry, member?.Seat, member?.Name ?? "", request, moneyIn, moneyOut, requested, Money.Zero(currency), currency, reference, detail);
    }
}
