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
            var allocated = await context.Services.Suspense.AllocateAsync(
                context.Member, suspenseId, seat, context.Inbound.ChannelName, context.Services.Notices.ForPayment);
            var member = allocated.Member;
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
