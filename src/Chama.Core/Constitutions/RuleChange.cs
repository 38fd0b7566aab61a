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
    };

    /// <summary>Reads <c>FINE 200</c>, <c>GRACE 5</c>, <c>PENDING OFF</c>: amounts in whole shillings, days, officers, hours, ON or OFF.</summary>
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
        _ => throw new ChamaException(ChamaError.InvalidConstitution, $"Unknown rule {Rule}."),
    }).Validated();

    /// <summary>The value as a member reads it: an amount, a number, or on/off.</summary>
    public string FormatValue(string currency) => Rule switch
    {
        ConstitutionRule.Contribution or ConstitutionRule.Fine => Money.Major(Value, currency).ToString(),
        ConstitutionRule.Pending => Value == 1 ? "ON" : "OFF",
        _ => Value.ToString(CultureInfo.InvariantCulture),
    };
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

    public int Approvals => Decisions.Where(d => d.Decision == Decision.Approve).Select(d => d.OfficerMemberId).Distinct().Count();

    public bool IsRejected => Decisions.Any(d => d.Decision == Decision.Reject);

    public bool IsInForce => Version is not null;

    public bool IsOpen => !IsRejected && !IsInForce;

    public bool HasQuorum => !IsRejected && Approvals >= Required;

    public static string CodeFor(long id) => $"R{id}";

    public static bool TryParseCode(string? text, out long id)
    {
        id = 0;
        var code = (text ?? "").Trim();
        return code.Length >= 2 && (code[0] is 'R' or 'r')
            && long.TryParse(code.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
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
