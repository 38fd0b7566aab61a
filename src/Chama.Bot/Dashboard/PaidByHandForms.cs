using Chama.Conversations.Texts;
using Chama.Data.Disbursements;

namespace Chama.Bot.Dashboard;

/// <summary>
/// The forms that record an approved payout as paid from the cash or the bank (the chat's <c>PAIDOUT</c>), one per
/// payout M-Pesa will not send and not the officer's own; <see cref="ApprovalPages"/> handles them.
/// </summary>
public static class PaidByHandForms
{
    public static Markup For(OfficerSeat seat, IReadOnlyList<PayoutAwaitingHand> awaiting, Markup token, MessageTexts texts) =>
        Markup.Join(awaiting.Where(a => a.Payout.RecipientMemberId != seat.Officer.Id).Select(a =>
        {
            var code = a.Payout.Code;
            var labels = texts.Render(seat.Officer.Language, "paid_by_hand_form", new { code, amount = a.Payout.Amount.ToString(), name = a.RecipientName }).Split('\n');
            var action = DashboardLayout.Href(seat.Chama.Id, $"approvals/{code}/paid");
            return Html.Of(
                $"""
                <section aria-labelledby="h-hand-{code}"><h2 id="h-hand-{code}">{labels[0]}</h2>
                <form method="post" action="{action}">{token}<input type="hidden" name="account" value="cash"><button type="submit">{labels[1]}</button></form>
                <form method="post" action="{action}">{token}<input type="hidden" name="account" value="bank">
                <label for="reference-{code}">{labels[2]}</label><input id="reference-{code}" name="reference" maxlength="40" required>
                <button type="submit">{labels[3]}</button></form></section>
                """);
        }));
}
