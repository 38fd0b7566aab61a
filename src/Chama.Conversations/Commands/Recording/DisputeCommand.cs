using System.Diagnostics.CodeAnalysis;
using Chama.Core;

namespace Chama.Conversations.Commands.Recording;

/// <summary>
/// <c>DISPUTE CASH-260312-7KQ4ZB</c> (<c>PINGA …</c>): a member disputes a payment an officer recorded for them, within
/// seven days of its entry. Every officer is told, and the entry shows as disputed until the officers decide.
/// </summary>
public sealed class DisputeCommand : ChatCommand<DisputeCommand.Arguments>
{
    public sealed record Arguments(string Reference);

    public override string Name => "dispute";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("DISPUTE", Language.En, Takes.Arguments),
        new("PINGA", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        // A bank reference is two words as written in the message that told the member: BANK FT2334.
        arguments = text.Words.Count >= 2 ? new Arguments(string.Join(' ', text.Words.Skip(1)).Trim()) : null;
        return arguments is not null;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        var names = (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).ToDictionary(m => m.Id, m => m.Name);
        var result = await context.Services.Disputes.DisputeAsync(
            context.Member,
            arguments.Reference,
            context.Inbound.ChannelName,
            (payment, officers) => RecordingNotices.Disputed(context.Services.Texts, context.Chama.Name, payment, officers, names));
        var outcome = result.Outcome switch
        {
            DisputeOutcome.Disputed => "disputed",
            DisputeOutcome.AlreadyDisputed => "already",
            DisputeOutcome.TooLate => "late",
            DisputeOutcome.Reversed => "reversed",
            _ => "unknown",
        };
        return FlowReply.Finished(context.Say(
            "payment_disputed", RecordingNotices.DisputeModel(outcome, context.Chama.Name, result.Payment, names, officerCopy: false, arguments.Reference.ToUpperInvariant())));
    }
}
