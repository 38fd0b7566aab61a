using System.Globalization;
using Chama.Core.Text;

namespace Chama.Core.Founding;

/// <summary>
/// A chama being founded: the step it is on and the answers so far. Each answer is read and checked for its step
/// (<see cref="Answer"/>): a good one moves to the next step, a wrong one is refused with its own error and changes
/// nothing. Holds no money: nothing exists until the store founds the chama from <see cref="ToFounding"/>.
/// </summary>
public sealed record ChamaSetup(SetupStep Step, SetupAnswers Answers)
{
    /// <summary>The highest seat a founder may take (an account reference holds a seat of up to three digits).</summary>
    public const int MaxSeat = 100;

    /// <summary>The rules a founder changes by their number in the list (<c>3 200</c>), each one rule of the clause.</summary>
    public static readonly IReadOnlyDictionary<Clause, ConstitutionRule> ChangeableClauses = new Dictionary<Clause, ConstitutionRule>
    {
        [Clause.DueDateAndGrace] = ConstitutionRule.Grace,
        [Clause.LateFine] = ConstitutionRule.Fine,
        [Clause.Welfare] = ConstitutionRule.Levy,
        [Clause.Approvals] = ConstitutionRule.Quorum,
        [Clause.WelfareCoolingOff] = ConstitutionRule.Cooling,
        [Clause.PendingList] = ConstitutionRule.Pending,
        [Clause.ExitRefund] = ConstitutionRule.ExitDeduction,
    };

    private static readonly string[] Yes = ["YES", "Y", "OK", "NDIYO", "SAWA"];

    public static ChamaSetup New() => new(SetupStep.Name, new SetupAnswers());

    /// <summary>True when the text says yes: keep the rules, found the chama.</summary>
    public static bool IsYes(string? text) => Yes.Contains((text ?? "").Trim().ToUpperInvariant());

    /// <summary>
    /// The setup with <paramref name="input"/> taken as this step's answer. On the rules step a change by number keeps
    /// the step (to show the list again) and yes moves on; the confirm step takes no answer here: the store founds.
    /// </summary>
    /// <exception cref="ChamaException">The answer is not one this step takes; nothing changed.</exception>
    public ChamaSetup Answer(string? input, DateOnly today)
    {
        var text = (input ?? "").Trim();
        return Step switch
        {
            SetupStep.Name => Next(Answers with { Name = ChamaGroup.ValidateName(text) }),
            SetupStep.Code => Next(Answers with { Code = ReadCode(text) }),
            SetupStep.Contribution => Next(Answers with { Contribution = ReadContribution(text) }),
            SetupStep.Frequency => Next(Answers with { Frequency = ReadFrequency(text) }),
            SetupStep.FirstMeeting => Next(Answers with { FirstMeeting = ReadFirstMeeting(text, today) }),
            SetupStep.FounderName => Next(Answers with { FounderName = ReadPersonName(text) }),
            SetupStep.Seat => Next(Answers with { Seat = ReadSeat(text) }),
            SetupStep.Rules when IsYes(text) => Next(Answers),
            SetupStep.Rules => this with { Answers = Answers with { RuleChanges = [.. Answers.RuleChanges, ReadRuleChange(text, Answers.Rules()!)] } },
            _ => throw new ChamaException(ChamaError.SetupIncomplete, "The summary is answered by founding the chama or going back."),
        };
    }

    /// <summary>One step back, its answer kept to be changed; the first step has nowhere to go.</summary>
    public ChamaSetup Back() => Step == SetupStep.Name ? this : this with { Step = Step - 1 };

    /// <summary>Back to an earlier step (the code, when another chama took it before founding), the answers kept.</summary>
    public ChamaSetup BackTo(SetupStep step) => step < Step ? this with { Step = step } : this;

    /// <summary>Everything the store needs to found the chama; refused until every step is answered and the summary reached.</summary>
    public Founding ToFounding()
    {
        var a = Answers;
        if (Step != SetupStep.Confirm || a.Name is null || a.Code is null || a.FirstMeeting is null || a.FounderName is null || a.Seat is null || a.Rules() is not { } rules)
        {
            throw new ChamaException(ChamaError.SetupIncomplete, "The chama's set-up is not finished: answer every step first.");
        }

        return new Founding(a.Name, a.Code, rules, a.FirstMeeting.Value, a.FounderName, a.Seat.Value);
    }

    private ChamaSetup Next(SetupAnswers answers) => new(Step + 1, answers);

    private static string ReadCode(string text) =>
        ShortCode.TryParse(text, out var code)
            ? code
            : throw new ChamaException(
                ChamaError.InvalidChamaCode, $"'{text}' is not a code: use {ShortCode.MinLength} to {ShortCode.MaxLength} letters and digits, starting with a letter.");

    /// <summary>
    /// <c>5000</c> or <c>KES 5,000</c> is a Kenyan shillings chama; another ISO code first (<c>GBP 50</c>) keeps the books
    /// in that currency. A shillings chama collects by M-Pesa, so its contribution must be one an STK push can ask for.
    /// </summary>
    private static Money ReadContribution(string text)
    {
        var first = text.Split(' ', 2)[0].TrimEnd('.').ToUpperInvariant();
        var currency = Currencies.IsKnown(first) ? first : Currencies.Kes;
        if (!Money.TryParse(text, currency, out var amount))
        {
            // A word that is no currency's code (XYZ 50) is told so; anything else is no amount.
            _ = first.Length == 3 && first.All(char.IsAsciiLetter) ? Currencies.Parse(first) : null;
            throw new ChamaException(ChamaError.InvalidAmount, $"'{text}' is not an amount: write it as 5000, or with its currency as GBP 50.");
        }

        if (MpesaReach.Serves(currency) && !NewPaymentRequest.IsPushable(amount))
        {
            throw new ChamaException(
                ChamaError.MpesaUnavailable, $"M-Pesa collects whole amounts from {NewPaymentRequest.Minimum} to {NewPaymentRequest.Maximum}: {amount} is not one.");
        }

        return amount;
    }

    /// <summary>A number from the list (1 weekly, 2 fortnightly, 3 monthly) or the frequency's word, as a rule change reads it.</summary>
    private static MeetingFrequency ReadFrequency(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && Enum.IsDefined((MeetingFrequency)(number - 1)))
        {
            return (MeetingFrequency)(number - 1);
        }

        return RuleChange.TryParse("FREQUENCY", text.Replace(" ", "", StringComparison.Ordinal)) is { } change
            ? (MeetingFrequency)change.Value
            : throw new ChamaException(ChamaError.InvalidConstitution, $"'{text}' is not a frequency: weekly, fortnightly or monthly.");
    }

    private static DateOnly ReadFirstMeeting(string text, DateOnly today)
    {
        if (!DateInput.TryParse(text, today, out var date))
        {
            throw new ChamaException(ChamaError.InvalidDate, $"'{text}' is not a date: write it as 31/1/2026.");
        }

        // The same bounds as the cycle's start: from today to a year ahead (a further date is a typing mistake).
        return Cycle.FirstMeetingGap(date, today) is null
            ? date
            : throw new ChamaException(ChamaError.InvalidCycleDate, $"The first meeting must be from today ({today:d MMM yyyy}) to a year ahead.");
    }

    private static string ReadPersonName(string text)
    {
        var name = TextInput.Line(text);
        return name.Length is > 0 and <= NewMember.MaxNameLength
            ? name
            : throw new ChamaException(ChamaError.InvalidChama, $"A member's name must be 1 to {NewMember.MaxNameLength} characters.");
    }

    private static int ReadSeat(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seat) && seat is >= 1 and <= MaxSeat
            ? seat
            : throw new ChamaException(ChamaError.InvalidSeat, $"'{text}' is not a seat: give a number from 1 to {MaxSeat}.");

    /// <summary>
    /// <c>3 200</c> (the rule's number in the list and its new value) or the rule's word as officers write it later
    /// (<c>FINE 200</c>, <c>FAINI 200</c>); read by <see cref="RuleChange.TryParse"/> and checked by applying it.
    /// </summary>
    private static RuleChange ReadRuleChange(string text, Constitution rules)
    {
        var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var change = parts.Length == 2 ? RuleChange.TryParse(RuleName(parts[0]), parts[1]) : null;
        if (change is null || change.Rule is ConstitutionRule.Contribution or ConstitutionRule.Frequency)
        {
            throw new ChamaException(ChamaError.InvalidConstitution, $"'{text}' changes no rule: give the rule's number and its new value, for example 3 200.");
        }

        _ = change.ApplyTo(rules);
        return change;
    }

    /// <summary>A clause number from the list as the rule's word; anything else as typed.</summary>
    private static string RuleName(string word) =>
        int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && ChangeableClauses.TryGetValue((Clause)number, out var rule)
            ? RuleWords[rule]
            : word;

    private static readonly IReadOnlyDictionary<ConstitutionRule, string> RuleWords = new Dictionary<ConstitutionRule, string>
    {
        [ConstitutionRule.Grace] = "GRACE",
        [ConstitutionRule.Fine] = "FINE",
        [ConstitutionRule.Levy] = "LEVY",
        [ConstitutionRule.Quorum] = "QUORUM",
        [ConstitutionRule.Cooling] = "COOLING",
        [ConstitutionRule.Pending] = "PENDING",
        [ConstitutionRule.ExitDeduction] = "EXIT",
    };
}

/// <summary>A finished set-up: what the store founds the chama from.</summary>
public sealed record Founding(string Name, string Code, Constitution Rules, DateOnly FirstMeeting, string FounderName, int Seat);
