namespace Chama.Core;

/// <summary>One member's line of a proposed share-out, with who they are and the line's own number (its payout's <c>G</c> code).</summary>
public sealed record ShareOutMemberLine(long LineId, long MemberId, string Name, int Seat, ShareOutLine Line);

public enum ShareOutStatus
{
    /// <summary>Waiting for the officers' quorum.</summary>
    Proposed,

    /// <summary>Carried: loans deducted, payouts queued, the savings year restarted.</summary>
    Approved,
    Rejected,

    /// <summary>Approved, and every payout of it completed.</summary>
    Closed,
}

/// <summary>
/// A year-end share-out (code <c>Y2</c>): the table computed when an officer proposed it, shown to every member, and the
/// officers' votes on it. Every officer may vote (each has a line, as every member does, so none is excluded).
/// </summary>
public sealed record ProposedShareOut(
    long Id,
    long ChamaId,
    long ProposedByMemberId,
    Money Savings,
    Money Earnings,
    IReadOnlyList<ShareOutMemberLine> Lines,
    ShareOutStatus Status,
    IReadOnlyList<OfficerDecision> Decisions,
    int Required,
    DateTimeOffset ProposedAt)
{
    public string Code => DecisionKind.ShareOut.Code(Id);

    public Ballot Ballot => new(Decisions, Required) { Done = Status is ShareOutStatus.Approved or ShareOutStatus.Closed };

    public int Approvals => Ballot.Approvals;

    public bool IsOpen => Status == ShareOutStatus.Proposed && Ballot.IsOpen;

    public Money LoansDeducted => Sum(l => l.LoanDeducted);

    public Money PaidOut => Sum(l => l.Payout);

    public ShareOutMemberLine? LineOf(long memberId) => Lines.FirstOrDefault(l => l.MemberId == memberId);

    private Money Sum(Func<ShareOutLine, Money> part) => Lines.Aggregate(Money.Zero(Earnings.Currency), (sum, l) => sum + part(l.Line));
}

/// <summary>What proposing or deciding a share-out came to.</summary>
public enum ShareOutOutcome
{
    /// <summary>Proposed, or a vote recorded while it waits for more.</summary>
    Recorded,

    /// <summary>The quorum reached: loans deducted, payouts queued.</summary>
    Approved,
    Rejected,
    NotAnOfficer,
    AlreadyDecided,
    NotOpen,

    /// <summary>Another share-out of the chama waits for its decision.</summary>
    AlreadyOpen,

    /// <summary>No savings and no earnings: nothing to share.</summary>
    NothingToShare,

    /// <summary>Savings, earnings or loans moved since it was proposed, or a payout is beyond M-Pesa: it cannot be carried as shown.</summary>
    CannotMake,
}
