using System.Diagnostics.CodeAnalysis;
using Chama.Core;

namespace Chama.Conversations.Commands.Payments;

/// <summary>
/// <c>ALLOCATE 3 4</c> (<c>GAWA 3 4</c>): an officer credits held paybill payment 3 to the member on seat 4, who then gets
/// the receipt a payment brings. Officers only, and only payments held for their own chama.
/// </summary>
public sealed class AllocateCommand : ChatCommand<AllocateCommand.Arguments>
{
    /// <summary>The held payment and the seat it goes to.</summary>
    public sealed record Arguments(long SuspenseId, int Seat);

    public override string Name => "allocate";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("ALLOCATE", Language.En, Takes.Arguments),
        new("GAWA", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        arguments = text.Words.Count == 3 && text.TryNumber(1, out var suspenseId) && text.TrySeat(2, out var seat) ? new Arguments(suspenseId, seat) : null;
        return arguments is not null;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        var (suspenseId, seat) = arguments;
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
                ChamaError.CurrencyMismatch => "currency",
                _ => "payment",
            };
            return FlowReply.Finished(context.Say("suspense_refused", new { reason, id = suspenseId, seat, currency = context.Chama.Currency }));
        }
    }
}
