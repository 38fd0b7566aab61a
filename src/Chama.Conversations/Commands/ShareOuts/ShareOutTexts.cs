using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.ShareOuts;

namespace Chama.Conversations.Commands.ShareOuts;

/// <summary>
/// A share-out's texts: the proposed table (an officer sees every line, a member their own and the totals) and each
/// member's payout once it is approved. Keyed per share-out and member, so each is queued once.
/// </summary>
public static class ShareOutTexts
{
    /// <summary>Everyone but the proposer, who has the table in the reply, is sent it when it is proposed.</summary>
    public static ShareOutNotices Proposed(MessageTexts texts, string chama) =>
        (shareOut, members) => members
            .Where(m => m.Id != shareOut.ProposedByMemberId)
            .Select(m => new OutboundMessage($"share-out-proposed:{shareOut.Id}:{m.Id}", shareOut.ChamaId, m.Id, m.Phone, texts.Render(m.Language, "share_out_proposed", Table(shareOut, chama, m))));

    /// <summary>Each member with a line is told what the approved share-out pays them, and what it took for their loan.</summary>
    public static ShareOutNotices Approved(MessageTexts texts, string chama) =>
        (shareOut, members) => members
            .Where(m => shareOut.LineOf(m.Id) is not null)
            .Select(m =>
            {
                var line = shareOut.LineOf(m.Id)!.Line;
                return new OutboundMessage($"share-out-approved:{shareOut.Id}:{m.Id}", shareOut.ChamaId, m.Id, m.Phone, texts.Render(m.Language, "share_out_approved", new
                {
                    chama,
                    code = shareOut.Code,
                    savings = line.Savings.ToString(),
                    earnings = line.Earnings.ToString(),
                    deducted = Shown(line.LoanDeducted),
                    payout = line.Payout.ToString(),
                    paid = line.Payout.IsPositive,
                    phone = m.ReceivePhone.E164,
                    cleared = line.LoanDeducted.IsPositive && line.Payout.IsPositive,
                }));
            });

    /// <summary>The proposed table as <paramref name="reader"/> may see it.</summary>
    public static object Table(ProposedShareOut shareOut, string chama, Member reader)
    {
        var mine = shareOut.LineOf(reader.Id)?.Line;
        return new
        {
            chama,
            code = shareOut.Code,
            savings = shareOut.Savings.ToString(),
            earnings = shareOut.Earnings.ToString(),
            deducted = shareOut.LoansDeducted.ToString(),
            paid = shareOut.PaidOut.ToString(),
            required = shareOut.Required,
            officer = reader.IsOfficer,
            lines = reader.IsOfficer
                ? shareOut.Lines.Select(l => new
                {
                    seat = l.Seat,
                    name = l.Name,
                    savings = l.Line.Savings.ToString(),
                    earnings = l.Line.Earnings.ToString(),
                    deducted = Shown(l.Line.LoanDeducted),
                    payout = l.Line.Payout.ToString(),
                }).ToArray()
                : [],
            mine = mine is not null,
            my_savings = mine?.Savings.ToString() ?? "",
            my_earnings = mine?.Earnings.ToString() ?? "",
            my_deducted = mine is null ? "" : Shown(mine.LoanDeducted),
            my_payout = mine?.Payout.ToString() ?? "",
        };
    }

    private static string Shown(Money deducted) => deducted.IsPositive ? deducted.ToString() : "";
}
