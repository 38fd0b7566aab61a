using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Conversations.Flows;

/// <summary>
/// <c>ALLOCATE 3 4</c> (<c>GAWA 3 4</c>): an officer credits held paybill payment 3 to the member on seat 4, who then gets
/// the receipt a payment brings. Officers only, and only payments held for their own chama.
/// </summary>
public static class AllocateCommand
{
    public static async Task<FlowReply> RunAsync(FlowContext context, long suspenseId, int seat)
    {
        if (!context.Member.IsOfficer)
        {
            return FlowReply.Finished(context.Say("approvals_not_officer"));
        }

        try
        {
            var allocated = await context.Services.Suspense.AllocateAsync(context.Member, suspenseId, seat, context.Inbound.ChannelName);
            var member = allocated.Member;
            var remainder = allocated.Summary.For(member.Id)?.Remainder ?? Money.Zero(allocated.Held.Amount.Currency);
            await context.Services.Outbox.EnqueueAsync(new OutboundMessage(
                $"receipt:{allocated.Held.TransId}", member.ChamaId, member.Id, member.Phone, context.Services.Texts.Render(member.Language, "receipt", new
                {
                    amount = allocated.Held.Amount.ToString(),
                    name = member.Name,
                    receipt = allocated.Held.TransId,
                    chama = allocated.Chama.Name,
                    round = allocated.Summary.Round.Number,
                    remainder = remainder.IsPositive ? remainder.ToString() : "",
                })));
            return FlowReply.Finished(context.Say("suspense_allocated", new
            {
                id = suspenseId,
                amount = allocated.Held.Amount.ToString(),
                receipt = allocated.Held.TransId,
                name = member.Name,
                round = allocated.Summary.Round.Number,
            }));
        }
        catch (ChamaException refused)
        {
            var reason = refused.Error switch
            {
                ChamaError.UnknownMember or ChamaError.MemberInactive => "seat",
                ChamaError.CycleNotActive or ChamaError.CycleClosed => "round",
                _ => "payment",
            };
            return FlowReply.Finished(context.Say("suspense_refused", new { reason, id = suspenseId, seat }));
        }
    }
}
