using System.Diagnostics.CodeAnalysis;
using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.Recording;

namespace Chama.Conversations.Commands.Recording;

/// <summary>
/// <c>CORRECT CASH-260312-7KQ4ZB counted twice</c> (<c>SAHIHISHA …</c>): an officer proposes reversing a recorded payment
/// (code <c>C4</c>). The officers decide it under their quorum with <c>APPROVE C4</c>; the officer who recorded the payment
/// and its member do not count. Carried, a new reversing entry takes the money back; nothing is changed.
/// </summary>
public sealed class CorrectCommand : ChatCommand<CorrectCommand.Arguments>
{
    /// <summary>The reference and the reason; a null reason when none was given (the answer is the usage).</summary>
    public sealed record Arguments(string Reference, string? Reason);

    public override string Name => "correct";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("CORRECT", Language.En, Takes.Arguments),
        new("SAHIHISHA", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        if (text.Words.Count < 2)
        {
            arguments = null;
            return false;
        }

        // BANK FT2334 is one reference written as two words.
        var bank = text.Words[1].Equals("BANK", StringComparison.OrdinalIgnoreCase) && text.Rest is not null;
        var words = (text.Rest ?? "").Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        arguments = bank && words.Length > 0
            ? new Arguments($"BANK {words[0]}", words.Length > 1 ? words[1] : null)
            : new Arguments(text.Words[1], text.Rest);
        return true;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        var reference = arguments.Reference.ToUpperInvariant();
        if (!context.Member.IsOfficer)
        {
            return Answer(context, "officer", reference);
        }

        var reason = Core.Text.TextInput.Line(arguments.Reason ?? "");
        if (reason.Length is 0 or > PaymentCorrection.MaxReasonLength)
        {
            return Answer(context, "usage", reference);
        }

        var result = await context.Services.Corrections.ProposeAsync(
            context.Member, arguments.Reference, reason, context.Inbound.ChannelName, RecordingNotices.Reversed(context.Services.Texts, context.Chama.Name));
        var correction = result.Correction;
        switch (result.Outcome)
        {
            case CorrectionOutcome.Unknown:
                return Answer(context, "unknown", reference);
            case CorrectionOutcome.AlreadyReversed:
                return Answer(context, "reversed", reference);
            case CorrectionOutcome.AlreadyProposed:
                return Answer(context, "proposed_already", reference, correction);
            case CorrectionOutcome.NotAnOfficer:
                return Answer(context, "officer", reference);
            case CorrectionOutcome.Reversed or CorrectionOutcome.CannotReverse:
                return FlowReply.Finished(Texts.DecisionTexts.Outcome(
                    context.Services.Texts, context.Member.Language, VoteOutcomes.Of(result.Outcome), DecisionKind.Correction, correction!.Id, ussd: context.IsUssd));
        }

        await TellOfficersAsync(context, correction!);
        return Answer(context, "proposed", reference, correction, voter: false);
    }

    /// <summary>The other officers are asked to decide, each in their language; the recorder and the member are told too, as they cannot vote.</summary>
    private static async Task TellOfficersAsync(FlowContext context, PaymentCorrection correction)
    {
        var names = await NamesAsync(context);
        var officers = (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).Where(m => m.IsOfficer && m.Active && m.Id != context.Member.Id);
        foreach (var officer in officers)
        {
            await context.Services.Outbox.EnqueueAsync(new OutboundMessage(
                $"correction-proposed:{correction.Id}:{officer.Id}",
                officer.ChamaId,
                officer.Id,
                officer.Phone,
                context.Services.Texts.Render(officer.Language, "correction_proposed", Model(context, "proposed", correction.Payment.Receipt.Value, correction, names, voter: !correction.Ballot.Excluded.Contains(officer.Id)))));
        }
    }

    private static FlowReply Answer(FlowContext context, string outcome, string reference, PaymentCorrection? correction = null, bool voter = false) =>
        FlowReply.Finished(context.Say("correction_proposed", Model(context, outcome, reference, correction, new Dictionary<long, string>(), voter)));

    private static object Model(FlowContext context, string outcome, string reference, PaymentCorrection? correction, IReadOnlyDictionary<long, string> names, bool voter) => new
    {
        outcome,
        voter,
        chama = context.Chama.Name,
        officer = context.Member.Name,
        reference,
        code = correction?.Code ?? "",
        amount = correction?.Payment.Amount.ToString() ?? "",
        name = correction?.Payment.Member.Name ?? "",
        recorder = correction is null ? "" : names.GetValueOrDefault(correction.Payment.RecordedByMemberId, context.Member.Id == correction.Payment.RecordedByMemberId ? context.Member.Name : "?"),
        reason = correction?.Reason ?? "",
        approvals = correction?.Approvals ?? 0,
        required = correction?.Required ?? 0,
    };

    private static async Task<IReadOnlyDictionary<long, string>> NamesAsync(FlowContext context) =>
        (await context.Services.Chamas.GetMembersAsync(context.Chama.Id)).ToDictionary(m => m.Id, m => m.Name);
}
