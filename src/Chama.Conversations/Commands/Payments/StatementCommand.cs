using System.Diagnostics.CodeAnalysis;
using Chama.Conversations.Commands.Screens;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Disbursements;
using Chama.Data.Outbox;

namespace Chama.Conversations.Commands.Payments;

/// <summary>
/// <c>STATEMENT</c> (<c>TAARIFA</c>), one word with two meanings told apart by what follows it, read by this one parser:
/// <list type="bullet">
/// <item>alone, or with a page number (<c>STATEMENT 2</c>): the member's own statement for the cycle
/// (<see cref="StatementScreen"/>);</item>
/// <item>with a payout's code, <c>STATEMENT P12 PAID TKL919G2AV</c> or <c>STATEMENT P12 NOTPAID</c> (<c>TAARIFA P12
/// IMELIPWA …</c> / <c>TAARIFA P12 HAIKULIPWA</c>): an officer records what the M-Pesa statement shows for a payout
/// M-Pesa never confirmed. It is a proposal (code <c>U3</c>) that settles the payout only when the officers' quorum
/// agrees; the other officers are asked to decide.</item>
/// </list>
/// </summary>
public sealed class StatementCommand : ChatCommand<StatementCommand.Arguments>
{
    /// <summary>What the message asks for: the member's own statement, or an officer's record of a payout's M-Pesa statement.</summary>
    public abstract record Arguments;

    /// <summary>The member's own statement, page <see cref="Page"/> (1 is the newest movements).</summary>
    public sealed record OwnStatement(int Page) : Arguments;

    /// <summary>The payout's code, whether the statement shows it paid, and its receipt; null <see cref="Paid"/> when not understood.</summary>
    public sealed record PayoutRecord(string Code, bool? Paid, string? Receipt) : Arguments;

    private static readonly Dictionary<string, bool> Shows = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PAID"] = true,
        ["IMELIPWA"] = true,
        ["NOTPAID"] = false,
        ["UNPAID"] = false,
        ["HAIKULIPWA"] = false,
    };

    public override string Name => "statement";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("STATEMENT", Language.En, Takes.Either),
        new("TAARIFA", Language.Sw, Takes.Either),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        if (text.Words.Count == 1)
        {
            arguments = new OwnStatement(1);
            return true;
        }

        if (text.Words.Count == 2 && text.TrySeat(1, out var page) && page >= 1)
        {
            arguments = new OwnStatement(page);
            return true;
        }

        var rest = (text.Rest ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        bool? paid = rest.Length > 0 && Shows.TryGetValue(rest[0], out var shows) && rest.Length == (shows ? 2 : 1) ? shows : null;
        arguments = ApprovalSubject.TryParseCode(text.Words[1], out _, out _)
            ? new PayoutRecord(text.Words[1].ToUpperInvariant(), paid, paid == true ? rest[1] : null)
            : null;
        return arguments is not null;
    }

    public override Task<FlowReply> RunAsync(FlowContext context, Arguments arguments) => arguments switch
    {
        OwnStatement own => StatementScreen.ShowAsync(context, own.Page),
        PayoutRecord payout => ProposeAsync(context, payout),
        _ => throw new ArgumentOutOfRangeException(nameof(arguments), arguments, "Not a statement's arguments."),
    };

    private static async Task<FlowReply> ProposeAsync(FlowContext context, PayoutRecord arguments)
    {
        if (!context.Member.IsOfficer)
        {
            return Refused(context, "officer", arguments.Code);
        }

        if (arguments.Paid is not { } paid)
        {
            return Refused(context, "usage", arguments.Code);
        }

        StatementResult result;
        try
        {
            result = await context.Services.PayoutStatements.ProposeAsync(
                context.Member, arguments.Code, paid, arguments.Receipt, context.Inbound.ChannelName, context.Services.Notices.ForPayout);
        }
        catch (ChamaException refused) when (refused.Error is ChamaError.InvalidReceipt or ChamaError.ReceiptConflict)
        {
            return Refused(context, "receipt", arguments.Code);
        }

        if (result.Outcome is StatementOutcome.NotUnconfirmed or StatementOutcome.AlreadyProposed)
        {
            return Refused(context, result.Outcome == StatementOutcome.NotUnconfirmed ? "not_unconfirmed" : "proposed", arguments.Code, result.Statement?.Code);
        }

        var statement = result.Statement!;
        if (result.Outcome == StatementOutcome.Settled)
        {
            return FlowReply.Finished(DecisionTexts.Outcome(context.Services.Texts, context.Member.Language, VoteOutcome.Carried, DecisionKind.Statement, statement.Id, ussd: context.IsUssd));
        }

        await TellOfficersAsync(context, statement);
        return FlowReply.Finished(context.Say("statement_proposed", Model(context, statement, voter: false)));
    }

    private static async Task TellOfficersAsync(FlowContext context, PayoutStatement statement)
    {
        var officers = (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).Where(m => m.IsOfficer && m.Active && m.Id != context.Member.Id);
        foreach (var officer in officers)
        {
            await context.Services.Outbox.EnqueueAsync(new OutboundMessage(
                $"statement-proposed:{statement.Id}:{officer.Id}",
                officer.ChamaId,
                officer.Id,
                officer.Phone,
                context.Services.Texts.Render(officer.Language, "statement_proposed", Model(context, statement, voter: officer.Id != statement.Payout.RecipientMemberId))));
        }
    }

    private static object Model(FlowContext context, PayoutStatement statement, bool voter) => new
    {
        chama = context.Chama.Name,
        officer = context.Member.Name,
        code = statement.Code,
        payout = statement.Payout.Code,
        amount = statement.Payout.Amount.ToString(),
        paid = statement.Paid,
        receipt = statement.Receipt ?? "",
        approvals = statement.Approvals,
        required = statement.Required,
        voter,
    };

    private static FlowReply Refused(FlowContext context, string reason, string payout, string? code = null) =>
        FlowReply.Finished(context.Say("statement_refused", new { reason, payout, code = code ?? "" }));
}
