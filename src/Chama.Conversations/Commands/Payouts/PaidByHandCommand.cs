using System.Diagnostics.CodeAnalysis;
using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Conversations.Commands.Payouts;

/// <summary>
/// <c>PAIDOUT P3 CASH</c> or <c>PAIDOUT W7 BANK FT2334</c> (<c>NIMELIPA P3 TASLIMU</c>, <c>NIMELIPA W7 BENKI FT2334</c>):
/// an officer other than the recipient records that an approved payout was paid from the cash or the bank instead of
/// by M-Pesa. The recipient is told and asked to reply <c>RECEIVED P3</c>.
/// </summary>
public sealed class PaidByHandCommand : ChatCommand<PaidByHandCommand.Arguments>
{
    /// <summary>The payout's code, the account it was paid from, and the bank's reference for a transfer.</summary>
    public sealed record Arguments(string Code, AccountKind Account, string? BankReference);

    public override string Name => "paid-by-hand";

    public override IReadOnlyList<CommandWord> Words { get; } =
    [
        new("PAIDOUT", Language.En, Takes.Arguments),
        new("NIMELIPA", Language.Sw, Takes.Arguments),
    ];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out Arguments arguments)
    {
        arguments = null;
        if (!ApprovalSubject.TryParseCode(text.Words[1], out _, out _) || text.Rest?.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is not [var how, .. var rest])
        {
            return false;
        }

        var code = text.Words[1].ToUpperInvariant();
        arguments = how.ToUpperInvariant() switch
        {
            "CASH" or "TASLIMU" when rest.Length == 0 => new Arguments(code, AccountKind.Cash, null),
            "BANK" or "BENKI" when rest.Length == 1 => new Arguments(code, AccountKind.Bank, rest[0].Trim()),
            _ => null,
        };
        return arguments is not null;
    }

    public override async Task<FlowReply> RunAsync(FlowContext context, Arguments arguments)
    {
        var (code, account, bankReference) = arguments;
        try
        {
            var paid = await context.Services.Payouts.RecordPaidByHandAsync(
                context.Member, code, account, bankReference, context.Inbound.ChannelName, context.Services.Notices.ForPaidByHand(account, context.Member));
            return FlowReply.Finished(Recorded(context.Services.Texts, context.Member.Language, paid));
        }
        catch (ChamaException refused)
        {
            return FlowReply.Finished(Refused(context.Services.Texts, context.Member.Language, code, refused.Error));
        }
    }

    /// <summary>What the officer is told once it is recorded (also on the dashboard).</summary>
    public static string Recorded(MessageTexts texts, Language language, ManualPayout paid) =>
        texts.Render(language, "payout_paid_by_hand", new
        {
            code = paid.Payout.Code,
            amount = paid.Payout.Amount.ToString(),
            name = paid.RecipientName,
            paid_by = paid.Account.ToString().ToLowerInvariant(),
            reference = paid.Reference,
        });

    /// <summary>Why it was refused (also on the dashboard).</summary>
    public static string Refused(MessageTexts texts, Language language, string code, ChamaError error) =>
        texts.Render(language, "payout_paid_by_hand_refused", new
        {
            code = code.Trim().ToUpperInvariant(),
            reason = error switch
            {
                ChamaError.NotAnOfficer => "officer",
                ChamaError.OwnPayout => "own",
                ChamaError.NoSuchAccount => "no_bank",
                ChamaError.InvalidReceipt => "reference",
                ChamaError.ReceiptConflict => "reference_used",
                _ => "not_waiting",
            },
        });
}
