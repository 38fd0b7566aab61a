using System.Globalization;

namespace Chama.Core;

/// <summary>The rules officers can change by reply (<c>RULE FINE 200</c>).</summary>
public enum ConstitutionRule
{
    Contribution,
    Fine,
    Grace,
    Quorum,
    Cooling,
    Pending,
    Frequency,
    Levy,
    WelfareLimit,
    FineMode,
    FineCap,
    ExitDeduction,
    PhoneDelay,
    Savings,
    LoanMultiple,
    LoanCap,
    InterestMethod,
    InterestRate,
    LoanTerm,
    Guarantors,
    GuaranteeShare,
    LoanPenalty,
    LendLimit,
    DefaultAfter,
}

/// <summary>One proposed change to one rule of a chama's constitution.</summary>
public sealed record RuleChange(ConstitutionRule Rule, long Value)
{
    private static readonly Dictionary<string, ConstitutionRule> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CONTRIBUTION"] = ConstitutionRule.Contribution,
        ["MCHANGO"] = ConstitutionRule.Contribution,
        ["FINE"] = ConstitutionRule.Fine,
        ["FAINI"] = ConstitutionRule.Fine,
        ["GRACE"] = ConstitutionRule.Grace,
        ["QUORUM"] = ConstitutionRule.Quorum,
        ["COOLING"] = ConstitutionRule.Cooling,
        ["PENDING"] = ConstitutionRule.Pending,
        ["WADAIWA"] = ConstitutionRule.Pending,
        ["FREQUENCY"] = ConstitutionRule.Frequency,
        ["MARA"] = ConstitutionRule.Frequency,
        ["LEVY"] = ConstitutionRule.Levy,
        ["ADA"] = ConstitutionRule.Levy,
        ["WELFARELIMIT"] = ConstitutionRule.WelfareLimit,
        ["KIKOMO"] = ConstitutionRule.WelfareLimit,
        ["FINEMODE"] = ConstitutionRule.FineMode,
        ["AINAFAINI"] = ConstitutionRule.FineMode,
        ["FINECAP"] = ConstitutionRule.FineCap,
        ["KIKOMOFAINI"] = ConstitutionRule.FineCap,
        ["EXIT"] = ConstitutionRule.ExitDeduction,
        ["KATO"] = ConstitutionRule.ExitDeduction,
        ["PHONEDELAY"] = ConstitutionRule.PhoneDelay,
        ["SUBIRISIMU"] = ConstitutionRule.PhoneDelay,
        ["SAVINGS"] = ConstitutionRule.Savings,
        ["AKIBA"] = ConstitutionRule.Savings,
        ["LOANMULTIPLE"] = ConstitutionRule.LoanMultiple,
        ["MKOPOMARA"] = ConstitutionRule.LoanMultiple,
        ["LOANCAP"] = ConstitutionRule.LoanCap,
        ["KIKOMOMKOPO"] = ConstitutionRule.LoanCap,
        ["INTERESTMODE"] = ConstitutionRule.InterestMethod,
        ["AINARIBA"] = ConstitutionRule.InterestMethod,
        ["INTEREST"] = ConstitutionRule.InterestRate,
        ["RIBA"] = ConstitutionRule.InterestRate,
        ["LOANTERM"] = ConstitutionRule.LoanTerm,
        ["MUDAMKOPO"] = ConstitutionRule.LoanTerm,
        ["GUARANTORS"] = ConstitutionRule.Guarantors,
        ["WADHAMINI"] = ConstitutionRule.Guarantors,
        ["PLEDGE"] = ConstitutionRule.GuaranteeShare,
        ["DHAMANA"] = ConstitutionRule.GuaranteeShare,
        ["LOANPENALTY"] = ConstitutionRule.LoanPenalty,
        ["FAINIMKOPO"] = ConstitutionRule.LoanPenalty,
        ["LENDLIMIT"] = ConstitutionRule.LendLimit,
        ["KIKOMOKOPESHA"] = ConstitutionRule.LendLimit,
        ["DEFAULTAFTER"] = ConstitutionRule.DefaultAfter,
        ["KUSHINDWA"] = ConstitutionRule.DefaultAfter,
    };

    /// <summary>The words for a frequency or a fine mode, stored as the enum's number.</summary>
    private static readonly Dictionary<string, long> Choices = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WEEKLY"] = (long)MeetingFrequency.Weekly,
        ["KILAWIKI"] = (long)MeetingFrequency.Weekly,
        ["FORTNIGHTLY"] = (long)MeetingFrequency.Fortnightly,
        ["BIWEEKLY"] = (long)MeetingFrequency.Fortnightly,
        ["WIKIMBILI"] = (long)MeetingFrequency.Fortnightly,
        ["MONTHLY"] = (long)MeetingFrequency.Monthly,
        ["KILAMWEZI"] = (long)MeetingFrequency.Monthly,
    };

    private static readonly Dictionary<string, long> FineModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FLAT"] = (long)Core.FineMode.Flat,
        ["MARAMOJA"] = (long)Core.FineMode.Flat,
        ["DAY"] = (long)Core.FineMode.PerDay,
        ["DAILY"] = (long)Core.FineMode.PerDay,
        ["SIKU"] = (long)Core.FineMode.PerDay,
    };

    private static readonly Dictionary<string, long> InterestMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FLAT"] = (long)Core.InterestMethod.Flat,
        ["SAWA"] = (long)Core.InterestMethod.Flat,
        ["REDUCING"] = (long)Core.InterestMethod.Reducing,
        ["PUNGUA"] = (long)Core.InterestMethod.Reducing,
    };

    /// <summary>
    /// Reads <c>FINE 200</c>, <c>GRACE 5</c>, <c>PENDING OFF</c>, <c>FREQUENCY WEEKLY</c>, <c>FINEMODE DAY</c>,
    /// <c>EXIT 10</c>: amounts in whole shillings (<c>WELFARELIMIT 0</c> for none), days, officers, hours, a percentage,
    /// ON or OFF, or a frequency, fine mode or interest method by name. An interest rate is a percentage a month with up
    /// to two decimals (<c>INTEREST 1.5</c>), kept in hundredths of a percent.
    /// </summary>
    public static RuleChange? TryParse(string name, string value)
    {
        if (!Names.TryGetValue(name, out var rule))
        {
            return null;
        }

        if (rule == ConstitutionRule.Pending)
        {
            return value.ToUpperInvariant() switch
            {
                "ON" or "NDIYO" => new RuleChange(rule, 1),
                "OFF" or "HAPANA" => new RuleChange(rule, 0),
                _ => null,
            };
        }

        if (rule is ConstitutionRule.Frequency or ConstitutionRule.FineMode or ConstitutionRule.InterestMethod)
        {
            var words = rule switch { ConstitutionRule.Frequency => Choices, ConstitutionRule.FineMode => FineModes, _ => InterestMethods };
            return words.TryGetValue(value, out var choice) ? new RuleChange(rule, choice) : null;
        }

        if (rule == ConstitutionRule.InterestRate)
        {
            return decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
                   && decimal.Round(percent, 2) == percent && percent <= 100m
                ? new RuleChange(rule, (long)(percent * 100m))
                : null;
        }

        var number = value.Replace(",", "", StringComparison.Ordinal);
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed <= 100_000_000
            ? new RuleChange(rule, parsed)
            : null;
    }

    /// <summary>The constitution with this change made; refused when the result is one a chama could not run by.</summary>
    public Constitution ApplyTo(Constitution rules) => (Rule switch
    {
        ConstitutionRule.Contribution => rules with { ContributionAmount = Money.Major(Value, rules.Currency) },
        ConstitutionRule.Fine => rules with { LateFine = Money.Major(Value, rules.Currency) },
        ConstitutionRule.Grace => rules with { GraceDays = (int)Value },
        ConstitutionRule.Quorum => rules with { ApprovalsRequired = (int)Value },
        ConstitutionRule.Cooling => rules with { WelfareCoolingOffHours = (int)Value },
        ConstitutionRule.Pending => rules with { MembersMaySeePending = Value == 1 },
        ConstitutionRule.Frequency => rules with { Frequency = Enum.IsDefined((MeetingFrequency)Value) ? (MeetingFrequency)Value : throw Invalid() },
        ConstitutionRule.Levy => rules with { WelfareLevy = Money.Major(Value, rules.Currency) },
        ConstitutionRule.WelfareLimit => rules with { WelfarePayoutLimit = Value == 0 ? null : Money.Major(Value, rules.Currency) },
        ConstitutionRule.FineMode => rules with { FineMode = Enum.IsDefined((FineMode)Value) ? (FineMode)Value : throw Invalid() },
        ConstitutionRule.FineCap => rules with { FineCap = Value == 0 ? null : Money.Major(Value, rules.Currency) },
        ConstitutionRule.ExitDeduction => rules with { ExitDeductionPercent = (int)Math.Min(Value, int.MaxValue) },
        ConstitutionRule.PhoneDelay => rules with { PayoutPhoneDelayHours = (int)Math.Min(Value, int.MaxValue) },
        ConstitutionRule.Savings => rules with { Savings = Money.Major(Value, rules.Currency) },
        ConstitutionRule.LoanMultiple => WithLoans(rules, l => l with { SavingsMultiple = Small() }),
        ConstitutionRule.LoanCap => WithLoans(rules, l => l with { Cap = Value == 0 ? null : Money.Major(Value, rules.Currency) }),
        ConstitutionRule.InterestMethod => WithLoans(rules, l => l with { Method = Enum.IsDefined((InterestMethod)Value) ? (InterestMethod)Value : throw Invalid() }),
        ConstitutionRule.InterestRate => WithLoans(rules, l => l with { MonthlyRateBasisPoints = Small() }),
        ConstitutionRule.LoanTerm => WithLoans(rules, l => l with { MaxTermMonths = Small() }),
        ConstitutionRule.Guarantors => WithLoans(rules, l => l with { Guarantors = Small() }),
        ConstitutionRule.GuaranteeShare => WithLoans(rules, l => l with { GuaranteePercent = Small() }),
        ConstitutionRule.LoanPenalty => WithLoans(rules, l => l with { PenaltyPercent = Small() }),
        ConstitutionRule.LendLimit => WithLoans(rules, l => l with { LendPercent = Small() }),
        ConstitutionRule.DefaultAfter => WithLoans(rules, l => l with { DefaultAfterMissed = Small() }),
        _ => throw new ChamaException(ChamaError.InvalidConstitution, $"Unknown rule {Rule}."),
    }).Validated();

    private static Constitution WithLoans(Constitution rules, Func<LoanRules, LoanRules> change) => rules with { Loans = change(rules.Lending) };

    /// <summary>A count or percentage: anything past an int's range is out of every rule's range, and validation refuses it.</summary>
    private int Small() => (int)Math.Min(Value, int.MaxValue);

    private ChamaException Invalid() => new(ChamaError.InvalidConstitution, $"{Value} is not a choice for {Rule}.");

    /// <summary>The value as a member reads it: an amount, a number, on/off, or a frequency or fine mode (in lower case, for the template to word).</summary>
    public string FormatValue(string currency) => Rule switch
    {
        ConstitutionRule.Contribution or ConstitutionRule.Fine or ConstitutionRule.Levy => Money.Major(Value, currency).ToString(),
        ConstitutionRule.WelfareLimit or ConstitutionRule.FineCap or ConstitutionRule.LoanCap or ConstitutionRule.Savings => Value == 0 ? "" : Money.Major(Value, currency).ToString(),
        ConstitutionRule.InterestMethod => ((InterestMethod)Value).ToString().ToLowerInvariant(),
        ConstitutionRule.InterestRate => Percent(Value),
        ConstitutionRule.Frequency => ((MeetingFrequency)Value).ToString().ToLowerInvariant(),
        ConstitutionRule.FineMode => ((FineMode)Value).ToString().ToLowerInvariant(),
        ConstitutionRule.Pending => Value == 1 ? "ON" : "OFF",
        _ => Value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Hundredths of a percent as a member writes the percentage: 150 is "1.5", 200 is "2".</summary>
    public static string Percent(long basisPoints) => (basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>
/// A proposed rule change (code <c>R4</c>) and the officers' votes on it. The proposer's vote is the first approval; the
/// change takes effect, as a new constitution version, when distinct officers' approvals reach the quorum in force.
/// </summary>
public sealed record RuleProposal(
    long Id,
    long ChamaId,
    long ProposerMemberId,
    RuleChange Change,
    IReadOnlyList<OfficerDecision> Decisions,
    int Required,
    int? Version)
{
    public string Code => CodeFor(Id);

    /// <summary>A rule change concerns no member in particular: every officer may vote.</summary>
    public Ballot Ballot => new(Decisions, Required) { Done = IsInForce };

    public int Approvals => Ballot.Approvals;

    public bool IsRejected => Ballot.IsRejected;

    public bool IsInForce => Version is not null;

    public bool IsOpen => !IsRejected && !IsInForce;

    public bool HasQuorum => Ballot.IsCarried;

    public static string CodeFor(long id) => DecisionKind.Rule.Code(id);

    public static bool TryParseCode(string? text, out long id) => DecisionCode.TryParse(text, DecisionKind.Rule.Letter(), out id);
}

public enum RuleOutcome
{
    /// <summary>Recorded; the proposal waits for more approvals.</summary>
    Recorded,

    /// <summary>Recorded, and the quorum was reached: the change is a new constitution version.</summary>
    InForce,

    /// <summary>Recorded: the proposal is rejected and changes nothing.</summary>
    Rejected,
    NotAnOfficer,
    AlreadyDecided,
    NotOpen,
    Invalid,
}
