namespace Chama.Core;

/// <summary>What a payout pays: a round's pot, a welfare request, or a loan to its borrower (the kinds of <c>disbursements</c>).</summary>
public enum ApprovalKind
{
    Pot,
    Welfare,
    Loan,

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

    public static string CodeFor(ApprovalKind kind, long id) => $"{kind.Letter()}{id}";

    /// <summary>Reads the code of anything paid out (<c>P12</c>, <c>W7</c>, <c>L5</c>, <c>G9</c>), in either case; false for anything else.</summary>
    public static bool TryParseCode(string? text, out ApprovalKind kind, out long id)
    {
        foreach (var candidate in Enum.GetValues<ApprovalKind>())
        {
            if (DecisionCode.TryParse(text, candidate.Letter(), out id))
            {
                kind = candidate;
                return true;
            }
        }

        kind = ApprovalKind.Pot;
        id = 0;
        return false;
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
    /// <summary>
    /// The letter of a payout's code: its decision's letter (<c>P12</c>, <c>W7</c>, <c>L5</c>), except a share-out line's,
    /// <c>G</c>, its own since the line is decided with its share-out (<c>Y</c>), not by itself.
    /// </summary>
    public static char Letter(this ApprovalKind kind) => kind == ApprovalKind.ShareOut ? 'G' : kind.AsDecision().Letter();

    public static DecisionKind AsDecision(this ApprovalKind kind) => kind switch
    {
        ApprovalKind.Pot => DecisionKind.Pot,
        ApprovalKind.Welfare => DecisionKind.Welfare,
        ApprovalKind.Loan => DecisionKind.Loan,
        _ => DecisionKind.ShareOut,
    };
}
