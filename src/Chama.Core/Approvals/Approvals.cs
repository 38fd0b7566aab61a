namespace Chama.Core;

public enum ApprovalKind
{
    Pot,
    Welfare,
}

public enum Decision
{
    Approve,
    Reject,
}

/// <summary>A payout waiting for officers: a round's pot (code <c>P12</c>) or a welfare request (code <c>W7</c>).</summary>
public sealed record ApprovalSubject(
    ApprovalKind Kind,
    long Id,
    long ChamaId,
    long BeneficiaryMemberId,
    string BeneficiaryName,
    Money Amount,
    string Description)
{
    /// <summary>
    /// Set when the pot is that of a round whose recipient left before it: approving it divides the pot (Rule 8), and
    /// <see cref="Amount"/> is the leaver's refund.
    /// </summary>
    public ExitSettlement? Exit { get; init; }

    public string Code => CodeFor(Kind, Id);

    public static string CodeFor(ApprovalKind kind, long id) => $"{(kind == ApprovalKind.Pot ? 'P' : 'W')}{id}";

    public static bool TryParseCode(string? text, out ApprovalKind kind, out long id)
    {
        kind = DecisionCode.TryParse(text, 'W', out id) ? ApprovalKind.Welfare : ApprovalKind.Pot;
        return kind == ApprovalKind.Welfare || DecisionCode.TryParse(text, 'P', out id);
    }
}

/// <summary>One officer's recorded decision.</summary>
public sealed record OfficerDecision(long OfficerMemberId, Decision Decision, string? Reason);

/// <summary>A subject and the decisions on it so far, for this attempt at paying it (a failed payout needs fresh approvals).</summary>
public sealed record PendingApproval(ApprovalSubject Subject, IReadOnlyList<OfficerDecision> Decisions, int Required, int Attempt = 1)
{
    public int Approvals => ApprovalRules.CountingApprovals(
        Decisions.Where(d => d.Decision == Decision.Approve).Select(d => d.OfficerMemberId), Subject.BeneficiaryMemberId);

    public bool IsRejected => Decisions.Any(d => d.Decision == Decision.Reject);

    public bool IsApproved => !IsRejected && Approvals >= Required;

    public bool IsOpen => !IsRejected && !IsApproved;
}

public enum DecisionOutcome
{
    Recorded,
    NotAnOfficer,
    OwnPayout,
    AlreadyDecided,
    NotOpen,

    /// <summary>The last approval would pay more than M-Pesa or the fund allows: nothing is recorded.</summary>
    CannotPay,
}

/// <summary>Dual control: officers only, never on their own payout, once each; one rejection closes the subject.</summary>
public static class DecisionRules
{
    public static DecisionOutcome Check(Member officer, PendingApproval pending)
    {
        if (!officer.IsOfficer || officer.ChamaId != pending.Subject.ChamaId)
        {
            return DecisionOutcome.NotAnOfficer;
        }

        if (officer.Id == pending.Subject.BeneficiaryMemberId)
        {
            return DecisionOutcome.OwnPayout;
        }

        if (pending.Decisions.Any(d => d.OfficerMemberId == officer.Id))
        {
            return DecisionOutcome.AlreadyDecided;
        }

        return pending.IsOpen ? DecisionOutcome.Recorded : DecisionOutcome.NotOpen;
    }
}
