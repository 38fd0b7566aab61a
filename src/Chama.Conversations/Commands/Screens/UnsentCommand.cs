using Chama.Core;

namespace Chama.Conversations.Commands.Screens;

/// <summary>
/// <c>UNSENT</c> (<c>HAZIKUTUMWA</c>): an officer sees the chama's messages the outbox gave up on (a wrong number, an
/// unreachable phone), newest first, so that someone can tell those members by other means.
/// </summary>
public sealed class UnsentCommand : PlainCommand
{
    private const int Shown = 5;

    public override string Name => "unsent";

    public override IReadOnlyList<CommandWord> Words { get; } = [new("UNSENT", Language.En), new("HAZIKUTUMWA", Language.Sw)];

    public override async Task<FlowReply> RunAsync(FlowContext context)
    {
        if (!context.Member.IsOfficer)
        {
            return FlowReply.Finished(context.Say("approvals_not_officer"));
        }

        var failed = await context.Services.Delivery.ListFailedAsync(context.Chama.Id);
        if (failed.Count == 0)
        {
            return FlowReply.Finished(context.Say("unsent_none"));
        }

        var members = (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).ToDictionary(m => m.Id);
        return FlowReply.Finished(context.Say("unsent_list", new
        {
            count = failed.Count,
            items = failed.Take(Shown).Select(message => new
            {
                name = message.MemberId is { } id && members.TryGetValue(id, out var member) ? member.Name : PhoneNumber.FromStored(message.Phone).Masked,
                what = message.IdempotencyKey.Split(':')[0],
                error = message.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            }),
            more = Math.Max(0, failed.Count - Shown),
        }));
    }
}
