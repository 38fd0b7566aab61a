using System.Diagnostics.CodeAnalysis;
using Chama.Core;
using Chama.Data.Recording;

namespace Chama.Conversations.Commands.Recording;

/// <summary>
/// <c>RECORD 3 5000 CASH</c> (<c>REKODI …</c>): an officer records a payment a member made by hand: cash, money sent to an
/// officer's own M-Pesa number (<c>RECORD 3 5000 QKJ4HT8MZP</c>), a bank transfer (<c>RECORD 3 5000 BANK FT2334 paid at
/// branch</c>), into the welfare fund (<c>RECORD 3 500 WELFARE CASH</c>) or paid in another currency at a typed rate
/// (<c>RECORD 3 100 USD @129.50 CASH</c>). The member is told at once with the reference and how to dispute it.
/// </summary>
public sealed class RecordCommand : ChatCommand<RecordCommand.Arguments>
{
    /// <summary>The payment as written, or null when the words after RECORD do not make one (the answer is the usage).</summary>
    public sealed record Arguments(PaymentLine? Line);

    public override string Name => "record";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("RECORD", Language.En, Takes.Arguments),
        new("REKODI", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        var words = text.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        arguments = new Arguments(PaymentLine.TryRead(words[1..]));
        return true;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        if (!context.Member.IsOfficer)
        {
            return Refused(context, "officer");
        }

        if (arguments.Line is not { } line)
        {
            return Refused(context, "usage");
        }

        try
        {
            var recorded = await context.Services.Recorded.RecordAsync(
                context.Member,
                line.ToPayment(context.Chama.Currency, context.Today),
                context.Inbound.ChannelName,
                RecordingNotices.ForMember(context.Services.Texts, context.Member));
            return FlowReply.Finished(RecordingNotices.Confirmation(context.Services.Texts, context.Member.Language, recorded, context.Chama.Name, context.Member.Name, context.IsUssd));
        }
        catch (ChamaException refused)
        {
            return Refused(context, Reason(refused.Error), line.Seat, line.Reference ?? "");
        }
    }

    /// <summary>The refusal's key in <c>record_refused</c>, shared by every channel that records.</summary>
    public static string Reason(ChamaError error) => error switch
    {
        ChamaError.NotAnOfficer => "officer",
        ChamaError.UnknownMember or ChamaError.MemberInactive or ChamaError.InvalidSeat => "seat",
        ChamaError.ReceiptConflict => "conflict",
        ChamaError.InvalidReceipt => "usage",
        ChamaError.CycleNotActive or ChamaError.CycleClosed or ChamaError.UnknownRound => "round",
        ChamaError.InvalidRate or ChamaError.CurrencyMismatch => "rate",
        ChamaError.InvalidNote => "note",
        ChamaError.LoanNotOpen or ChamaError.LoanNotFound => "loan",
        _ => "amount",
    };

    private static FlowReply Refused(FlowContext context, string reason, int seat = 0, string reference = "") =>
        FlowReply.Finished(context.Say("record_refused", new { reason, seat, reference, currency = context.Chama.Currency, max = PaymentToRecord.MaxNoteLength }));
}
