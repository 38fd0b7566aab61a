using Chama.Core;
using Chama.Data.Disbursements;

namespace Chama.Conversations.Texts;

/// <summary>
/// Payouts the officers must not forget though there is nothing to vote on: sent but never confirmed by M-Pesa (check
/// the statement), approved but to be paid by hand, and paid by hand but not yet received. Each list is a block whose
/// first line is its heading and each further line one payout, worded once for the chat's approvals list and the
/// dashboard's approvals page alike.
/// </summary>
public static class PayoutWatch
{
    public static async Task<IReadOnlyList<string>> BlocksAsync(
        DisbursementStore payouts, MessageTexts texts, Language language, long chamaId, CancellationToken cancellationToken = default)
    {
        var unconfirmed = await payouts.ListUnconfirmedAsync(chamaId, cancellationToken);
        var awaiting = await payouts.ListAwaitingHandAsync(chamaId, cancellationToken);
        var unreceived = await payouts.ListUnreceivedAsync(chamaId, cancellationToken);
        var blocks = new List<string>();
        if (unconfirmed.Count > 0)
        {
            blocks.Add(texts.Render(language, "payouts_unconfirmed", new
            {
                payouts = unconfirmed.Select(u => new { code = u.Payout.Code, amount = u.Payout.Amount.ToString(), name = u.RecipientName, sent = MoneyNotices.SentAt(u.SentAt) }).ToList(),
            }));
        }

        if (awaiting.Count > 0)
        {
            blocks.Add(texts.Render(language, "payouts_awaiting_hand", new
            {
                payouts = awaiting.Select(a => new { code = a.Payout.Code, amount = a.Payout.Amount.ToString(), name = a.RecipientName }).ToList(),
            }));
        }

        if (unreceived.Count > 0)
        {
            blocks.Add(texts.Render(language, "payouts_unreceived", new
            {
                payouts = unreceived.Select(u => new
                {
                    code = u.Payout.Code,
                    amount = u.Payout.Amount.ToString(),
                    name = u.RecipientName,
                    paid_by = u.Account.ToString().ToLowerInvariant(),
                    reference = u.Reference,
                    officer = u.OfficerName,
                    at = MoneyNotices.SentAt(u.RecordedAt),
                }).ToList(),
            }));
        }

        return blocks.Select(b => b.TrimEnd()).ToList();
    }
}
