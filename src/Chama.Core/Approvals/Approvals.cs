namespace Chama.Core;

public enum ApprovalKind
{
    Pot,
    Welfare,

    /// <summary>One member's line of an approved share-out (code <c>G</c> and the line's number); approved with its share-out (<c>Y</c>), never on its own.</summary>
    ShareOut,
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

    /// <summary>The letter of a share-out line's payout: its own, since the line is not itself decided on.</summary>
    public const char ShareOutLineLetter = 'G';

    public static string CodeFor(ApprovalKind kind, long id) =>
        kind == ApprovalKind.ShareOut ? $"{ShareOutLineLetter}{id}" : kind.AsDecision().Code(id);

    public static bool TryParseCode(string? text, out ApprovalKind kind, out long id)
    {
        if (DecisionCode.TryParse(text, ShareOutLineLetter, out id))
        {
            kind = ApprovalKind.ShareOut;
            return true;
        }

        kind = DecisionCode.TryParse(text, 'W', out id) ? ApprovalKind.Welfare : ApprovalKind.Pot;
        return kind == ApprovalKind.Welfare || DecisionCode.TryParse(text, 'P', out id);
    }
}

/// <summary>A subject and the votes on it so far, for this attempt at paying it (a failed payout needs fresh approvals).</summary>
public sealed record PendingApproval(ApprovalSubject Subject, IReadOnlyList<OfficerDecision> Decisions, int Required, int Attempt = 1)
{
    /// <summary>The recipient never counts towards their own payout.</summary>
    public Ballot Ballot => new(Decisions, Required, Subject.BeneficiaryMemberId);

    public int Approvals => Ballot.Approvals;

    public bool IsRejected => Ballot.IsRejected;

    public bool IsApproved => Ballot.IsCarried;

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

public static class ApprovalKinds
{
    public static DecisionKind AsDecision(this ApprovalKind kind) => kind switch
    {
        ApprovalKind.Pot => DecisionKind.Pot,
        ApprovalKind.Welfare => DecisionKind.Welfare,
        _ => DecisionKind.ShareOut,
    };
}
