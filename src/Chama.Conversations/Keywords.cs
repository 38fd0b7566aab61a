using Chama.Core;
using Chama.Conversations.Flows;

namespace Chama.Conversations;

public enum CommandKind
{
    None,
    Menu,
    Help,
    StartFlow,
    Language,
    SwitchChama,
    Decide,
    Allocate,
    Unsent,
    Waive,
    Swap,
    AnswerSwap,
    ProposeRule,
    DecideRule,
    CancelPayout,
    Exit,
    Rules,
    DecideSwap,
    ProposeJoin,
    DecideJoin,
}

/// <summary>A whole-message command, understood on every step: a keyword in English or Swahili.</summary>
public sealed record Command(CommandKind Kind, string? Flow = null, Language? Language = null, Decision? Decision = null, string? Code = null, string? Reason = null)
{
    /// <summary>For <see cref="CommandKind.Allocate"/>: the held payment and the seat it goes to.</summary>
    public (long SuspenseId, int Seat)? Allocation { get; init; }

    /// <summary>For <see cref="CommandKind.Waive"/>: the fine to waive (the reason, when given, is <see cref="Reason"/>).</summary>
    public long? FineId { get; init; }

    /// <summary>For <see cref="CommandKind.Exit"/>: the seat of the member leaving (the reason, when given, is <see cref="Reason"/>).</summary>
    public int? ExitSeat { get; init; }

    /// <summary>For <see cref="CommandKind.Swap"/>: the seat of the member asked to exchange turns.</summary>
    public int? SwapSeat { get; init; }

    /// <summary>For <see cref="CommandKind.AnswerSwap"/>: accept or decline, and the swap when named (else the latest waiting).</summary>
    public (bool Accept, long? SwapId)? SwapAnswer { get; init; }
    /// <summary>For <see cref="CommandKind.ProposeRule"/>: the change, or null when the rule or its value was not understood.</summary>
    public RuleChange? Change { get; init; }

    /// <summary>For <see cref="CommandKind.DecideRule"/>: the proposal decided on.</summary>
    public long? ProposalId { get; init; }

    /// <summary>For <see cref="CommandKind.DecideSwap"/>: the swap held for the officers that is decided on.</summary>
    public long? HeldSwapId { get; init; }

    /// <summary>For <see cref="CommandKind.ProposeJoin"/>: the seat of the member to join the running cycle, or null when not understood.</summary>
    public int? JoinSeat { get; init; }

    /// <summary>For <see cref="CommandKind.DecideJoin"/>: the proposal to join the running cycle that is decided on.</summary>
    public long? JoinProposalId { get; init; }

    public static readonly Command None = new(CommandKind.None);
}

/// <summary>WhatsApp keywords in English and Swahili, and USSD's <c>00</c> for the main menu.</summary>
public static class Keywords
{
    /// <summary>
    /// The one place where a channel decides which commands it reads. USSD is a keypad: numbered menus and amounts, and
    /// <c>00</c> for the main menu; no keyword command is read from a USSD <c>text</c>, because the gateway's phone number
    /// is not proof of who typed, and whatever an officer decides on USSD goes through the numbered approvals menu and its PIN.
    /// </summary>
    public static Command Read(string input, Channel channel) => channel switch
    {
        Channel.Ussd => Input.Is(input, "00") ? new Command(CommandKind.Menu) : Command.None,
        _ => Read(input),
    };

    private static readonly Dictionary<string, Command> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MENU"] = new(CommandKind.Menu),
        ["MENYU"] = new(CommandKind.Menu),
        ["HI"] = new(CommandKind.Menu),
        ["HELLO"] = new(CommandKind.Menu),
        ["START"] = new(CommandKind.Menu),
        ["HABARI"] = new(CommandKind.Menu),
        ["JAMBO"] = new(CommandKind.Menu),
        ["00"] = new(CommandKind.Menu),
        ["HELP"] = new(CommandKind.Help),
        ["USAIDIZI"] = new(CommandKind.Help),
        ["PAY"] = new(CommandKind.StartFlow, Flow: "pay"),
        ["LIPA"] = new(CommandKind.StartFlow, Flow: "pay"),
        ["BALANCE"] = new(CommandKind.StartFlow, Flow: "balance"),
        ["SALIO"] = new(CommandKind.StartFlow, Flow: "balance"),
        ["PENDING"] = new(CommandKind.StartFlow, Flow: "pending"),
        ["WADAIWA"] = new(CommandKind.StartFlow, Flow: "pending"),
        ["WELFARE"] = new(CommandKind.StartFlow, Flow: "welfare"),
        ["USTAWI"] = new(CommandKind.StartFlow, Flow: "welfare"),
        ["MSAADA"] = new(CommandKind.StartFlow, Flow: "welfare"),
        ["APPROVALS"] = new(CommandKind.StartFlow, Flow: "approvals"),
        ["APPROVE"] = new(CommandKind.StartFlow, Flow: "approvals"),
        ["IDHINI"] = new(CommandKind.StartFlow, Flow: "approvals"),
        ["EN"] = new(CommandKind.Language, Language: Language.En),
        ["ENGLISH"] = new(CommandKind.Language, Language: Language.En),
        ["KIINGEREZA"] = new(CommandKind.Language, Language: Language.En),
        ["SW"] = new(CommandKind.Language, Language: Language.Sw),
        ["SWAHILI"] = new(CommandKind.Language, Language: Language.Sw),
        ["KISWAHILI"] = new(CommandKind.Language, Language: Language.Sw),
        ["CHAMA"] = new(CommandKind.SwitchChama),
        ["UNSENT"] = new(CommandKind.Unsent),
        ["RULES"] = new(CommandKind.Rules),
        ["KANUNI"] = new(CommandKind.Rules),
        ["HAZIKUTUMWA"] = new(CommandKind.Unsent),
    };

    private static readonly Dictionary<string, Decision> DecisionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["APPROVE"] = Decision.Approve,
        ["IDHINISHA"] = Decision.Approve,
        ["REJECT"] = Decision.Reject,
        ["KATAA"] = Decision.Reject,
    };

    private static readonly Dictionary<string, bool> SwapAnswers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ACCEPT SWAP"] = true,
        ["KUBALI ZAMU"] = true,
        ["DECLINE SWAP"] = false,
        ["KATAA ZAMU"] = false,
    };

    public static Command Read(string input)
    {
        var text = input.Trim();
        if (Words.TryGetValue(text, out var command))
        {
            return command;
        }

        var words = text.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);

        // SWAP 3 / BADILISHA 3: ask the member on seat 3 to exchange turns.
        if (words.Length == 2 && words[0].ToUpperInvariant() is "SWAP" or "BADILISHA"
            && int.TryParse(words[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var swapSeat))
        {
            return new Command(CommandKind.Swap) { SwapSeat = swapSeat };
        }

        // ACCEPT SWAP [5] / DECLINE SWAP [5], KUBALI ZAMU [5] / KATAA ZAMU [5]: answer swap 5, or the latest one waiting.
        if (words.Length >= 2 && SwapAnswers.TryGetValue($"{words[0]} {words[1]}", out var accept))
        {
            if (words.Length == 2)
            {
                return new Command(CommandKind.AnswerSwap) { SwapAnswer = (accept, null) };
            }

            if (long.TryParse(words[2].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var swapId))
            {
                return new Command(CommandKind.AnswerSwap) { SwapAnswer = (accept, swapId) };
            }
        }
        // RULE FINE 200 / KANUNI FAINI 200: an officer proposes a change to the constitution.
        if (words.Length >= 1 && words[0].ToUpperInvariant() is "RULE" or "KANUNI")
        {
            var change = words.Length == 3 && !words[2].Contains(' ', StringComparison.Ordinal) ? RuleChange.TryParse(words[1], words[2]) : null;
            return new Command(CommandKind.ProposeRule) { Change = change };
        }

        // APPROVE R4 / REJECT R4 <reason>: an officer decides on proposed rule change 4.
        if (words.Length >= 2 && DecisionWords.TryGetValue(words[0], out var ruleDecision) && RuleProposal.TryParseCode(words[1], out var proposalId))
        {
            return new Command(CommandKind.DecideRule, Decision: ruleDecision, Code: RuleProposal.CodeFor(proposalId), Reason: words.Length == 3 ? words[2].Trim() : null)
            {
                ProposalId = proposalId,
            };
        }

        // APPROVE S5 / REJECT S5 <reason>: an officer decides on swap 5, held for the officers over arrears.
        if (words.Length >= 2 && DecisionWords.TryGetValue(words[0], out var swapDecision) && TryParseSwapCode(words[1], out var heldSwapId))
        {
            return new Command(CommandKind.DecideSwap, Decision: swapDecision, Reason: words.Length == 3 ? words[2].Trim() : null) { HeldSwapId = heldSwapId };
        }

        // APPROVE J3 / REJECT J3 <reason>: an officer decides on proposal 3 that a member joins the running cycle.
        if (words.Length >= 2 && DecisionWords.TryGetValue(words[0], out var joinDecision) && JoinProposal.TryParseCode(words[1], out var joinProposalId))
        {
            return new Command(CommandKind.DecideJoin, Decision: joinDecision, Code: JoinProposal.CodeFor(joinProposalId), Reason: words.Length == 3 ? words[2].Trim() : null)
            {
                JoinProposalId = joinProposalId,
            };
        }

        // JOIN 5 / JIUNGA 5: an officer proposes that the member on seat 5 joins the running cycle instead of the next.
        if (words.Length >= 1 && words[0].ToUpperInvariant() is "JOIN" or "JIUNGA")
        {
            return new Command(CommandKind.ProposeJoin)
            {
                JoinSeat = words.Length == 2
                    && int.TryParse(words[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var joinSeat) ? joinSeat : null,
            };
        }

        // CANCEL W7 <reason> / SITISHA W7 <reason>: an officer stops a welfare payout during its cooling-off.
        if (words.Length >= 2 && words[0].ToUpperInvariant() is "CANCEL" or "SITISHA"
            && ApprovalSubject.TryParseCode(words[1], out var cancelKind, out _) && cancelKind == ApprovalKind.Welfare)
        {
            return new Command(CommandKind.CancelPayout, Code: words[1].ToUpperInvariant(), Reason: words.Length == 3 ? words[2].Trim() : null);
        }

        if (words.Length >= 2 && DecisionWords.TryGetValue(words[0], out var decision) && ApprovalSubject.TryParseCode(words[1], out _, out _))
        {
            return new Command(CommandKind.Decide, Decision: decision, Code: words[1].ToUpperInvariant(), Reason: words.Length == 3 ? words[2].Trim() : null);
        }

        // ALLOCATE 3 4 / GAWA 3 4: held paybill payment 3 goes to the member on seat 4.
        if (words.Length == 3 && words[0].ToUpperInvariant() is "ALLOCATE" or "GAWA"
            && long.TryParse(words[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var suspenseId)
            && int.TryParse(words[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seat))
        {
            return new Command(CommandKind.Allocate) { Allocation = (suspenseId, seat) };
        }

        // WAIVE 7 <reason> / SAMEHE 7 <reason>: an officer waives fine 7.
        if (words.Length >= 2 && words[0].ToUpperInvariant() is "WAIVE" or "SAMEHE"
            && long.TryParse(words[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fineId))
        {
            return new Command(CommandKind.Waive, Reason: words.Length == 3 ? words[2].Trim() : null) { FineId = fineId };
        }

        // EXIT 4 <reason> / ONDOA 4 <sababu>: an officer records that the member on seat 4 leaves the chama.
        if (words.Length >= 2 && words[0].ToUpperInvariant() is "EXIT" or "ONDOA"
            && int.TryParse(words[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var exitSeat))
        {
            return new Command(CommandKind.Exit, Reason: words.Length == 3 ? words[2].Trim() : null) { ExitSeat = exitSeat };
        }

        return Command.None;
    }

    /// <summary>Reads a held swap's code, <c>S5</c>.</summary>
    public static bool TryParseSwapCode(string text, out long swapId)
    {
        swapId = 0;
        var code = text.Trim();
        return code.Length >= 2 && code[0] is 'S' or 's'
            && long.TryParse(code.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out swapId);
    }
}
