using System.Diagnostics.CodeAnalysis;
using Chama.Core;
using Chama.Data.Cycles;

namespace Chama.Conversations.Commands.Joins;

/// <summary>
/// <c>JOIN 5</c> (<c>JIUNGA 5</c>): an officer proposes that the member on seat 5, who has no round in the running
/// cycle, joins it now instead of from the next cycle; <c>APPROVE J3</c> or <c>REJECT J3 &lt;reason&gt;</c> decides
/// (<see cref="JoinDecision"/>). <c>JOIN</c> without a seat, or with more than one, is answered with the usage.
/// <c>JOIN</c> and a word with a letter is not this command's: that names a chama, and answers an invitation
/// (<see cref="Invitations.AnswerInvitationCommand"/>). As with rule changes the proposer's approval counts as one; the member joins when the constitution's quorum of
/// officers approves (Rule 5), never by their own vote.
/// </summary>
public sealed class JoinCommand : ChatCommand<JoinCommand.Arguments>
{
    /// <summary>The seat of the member to join the running cycle, or null when not understood.</summary>
    public sealed record Arguments(int? Seat);

    public override string Name => "join";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("JOIN", Language.En, Takes.Either),
        new("JIUNGA", Language.Sw, Takes.Either),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        if (text.Words.Count == 2 && text.Words[1].Any(char.IsLetter))
        {
            arguments = null;
            return false;
        }

        arguments = new Arguments(text.Words.Count == 2 && text.TrySeat(1, out var seat) ? seat : null);
        return true;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        var seat = arguments.Seat;
        if (!context.Member.IsOfficer)
        {
            return Refused(context, "officer", seat ?? 0, "");
        }

        if (seat is not { } joining)
        {
            return Refused(context, "usage", 0, "");
        }

        var result = await context.Services.Joins.ProposeAsync(context.Member, joining, context.Inbound.ChannelName, Notices(context));
        return result.Outcome is JoinOutcome.Recorded or JoinOutcome.Joined
            ? FlowReply.Finished(context.Say("join_proposed", JoinNotices.Model(context.Chama.Name, result, context.Member)))
            : Refused(context, result.Outcome, joining, result.Proposal?.Code ?? "");
    }

    internal static Func<JoinResult, IEnumerable<Data.Outbox.OutboundMessage>> Notices(FlowContext context) =>
        result => JoinNotices.For(context.Services.Texts, context.Chama.Name, result);

    internal static FlowReply Refused(FlowContext context, JoinOutcome outcome, int seat, string code) => Refused(context, RefusalReason(outcome), seat, code);

    /// <summary>The <c>join_refused</c> template's reason for an outcome that changed nothing (also shown on the dashboard).</summary>
    public static string RefusalReason(JoinOutcome outcome) => outcome switch
    {
        JoinOutcome.NotAnOfficer => "officer",
        JoinOutcome.NoRunningCycle => "no_cycle",
        JoinOutcome.UnknownMember => "unknown",
        JoinOutcome.AlreadyInRotation => "in_rotation",
        JoinOutcome.AlreadyProposed => "proposed",
        JoinOutcome.NoRoundLeft => "no_round",
        JoinOutcome.OwnJoin => "own",
        JoinOutcome.NoReason => "no_reason",
        JoinOutcome.AlreadyDecided => "already",
        _ => "not_open",
    };

    private static FlowReply Refused(FlowContext context, string reason, int seat, string code) =>
        FlowReply.Finished(context.Say("join_refused", new { reason, seat, code }));
}
