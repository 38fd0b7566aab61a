namespace Chama.Core;

/// <summary>
/// What an officer's vote came to, the same for every kind of decision: the one key the texts are chosen by
/// (<c>templates/*/decision_outcome.liquid</c>), for the chat and the dashboard alike. The stores' own outcomes, which
/// also carry what is particular to their kind, are read into it here and nowhere else.
/// </summary>
public enum VoteOutcome
{
    /// <summary>Recorded; the decision waits for more approvals.</summary>
    Recorded,

    /// <summary>Recorded, and the quorum reached: the decision's effect is made (the payout queued, the rule in force, …).</summary>
    Carried,

    /// <summary>A pot carried whose recipient had left: divided, nothing is left to pay out.</summary>
    Divided,

    /// <summary>Recorded: one rejection closes the decision.</summary>
    Rejected,
    NotAnOfficer,

    /// <summary>The decision concerns the voter (their own payout, swap, join, role or phone).</summary>
    Concerned,
    AlreadyDecided,
    NotOpen,
    Lapsed,

    /// <summary>A rejection needs its reason.</summary>
    NoReason,

    /// <summary>The effect cannot be made as things now stand (M-Pesa's limits, the fund, a round paid, a member gone); nothing is recorded.</summary>
    CannotMake,
}

public static class VoteOutcomes
{
    public static VoteOutcome Of(VoteRefusal refusal) => refusal switch
    {
        VoteRefusal.NotAnOfficer => VoteOutcome.NotAnOfficer,
        VoteRefusal.Concerned => VoteOutcome.Concerned,
        VoteRefusal.AlreadyDecided => VoteOutcome.AlreadyDecided,
        VoteRefusal.Lapsed => VoteOutcome.Lapsed,
        _ => VoteOutcome.NotOpen,
    };

    public static VoteOutcome Of(DecisionOutcome outcome, PendingApproval? after) => outcome switch
    {
        DecisionOutcome.Recorded when after is { IsRejected: true } => VoteOutcome.Rejected,
        DecisionOutcome.Recorded when after is { IsApproved: true } => after.Subject.Amount.IsPositive ? VoteOutcome.Carried : VoteOutcome.Divided,
        DecisionOutcome.Recorded => VoteOutcome.Recorded,
        DecisionOutcome.NotAnOfficer => VoteOutcome.NotAnOfficer,
        DecisionOutcome.OwnPayout => VoteOutcome.Concerned,
        DecisionOutcome.AlreadyDecided => VoteOutcome.AlreadyDecided,
        DecisionOutcome.CannotPay => VoteOutcome.CannotMake,
        _ => VoteOutcome.NotOpen,
    };

    public static VoteOutcome Of(RuleOutcome outcome) => outcome switch
    {
        RuleOutcome.Recorded => VoteOutcome.Recorded,
        RuleOutcome.InForce => VoteOutcome.Carried,
        RuleOutcome.Rejected => VoteOutcome.Rejected,
        RuleOutcome.NotAnOfficer => VoteOutcome.NotAnOfficer,
        RuleOutcome.AlreadyDecided => VoteOutcome.AlreadyDecided,
        RuleOutcome.Invalid => VoteOutcome.CannotMake,
        _ => VoteOutcome.NotOpen,
    };

    public static VoteOutcome Of(JoinOutcome outcome) => outcome switch
    {
        JoinOutcome.Recorded => VoteOutcome.Recorded,
        JoinOutcome.Joined => VoteOutcome.Carried,
        JoinOutcome.Rejected => VoteOutcome.Rejected,
        JoinOutcome.NotAnOfficer => VoteOutcome.NotAnOfficer,
        JoinOutcome.OwnJoin => VoteOutcome.Concerned,
        JoinOutcome.AlreadyDecided => VoteOutcome.AlreadyDecided,
        JoinOutcome.NoReason => VoteOutcome.NoReason,
        JoinOutcome.NoRunningCycle or JoinOutcome.UnknownMember or JoinOutcome.AlreadyInRotation or JoinOutcome.NoRoundLeft => VoteOutcome.CannotMake,
        _ => VoteOutcome.NotOpen,
    };

    public static VoteOutcome Of(SwapOutcome outcome) => outcome switch
    {
        SwapOutcome.ApprovalRecorded => VoteOutcome.Recorded,
        SwapOutcome.Accepted => VoteOutcome.Carried,
        SwapOutcome.Rejected => VoteOutcome.Rejected,
        SwapOutcome.NotAnOfficer => VoteOutcome.NotAnOfficer,
        SwapOutcome.OwnSwap => VoteOutcome.Concerned,
        SwapOutcome.AlreadyDecided => VoteOutcome.AlreadyDecided,
        SwapOutcome.Lapsed => VoteOutcome.Lapsed,
        SwapOutcome.RoundBeingPaid or SwapOutcome.RoundPassed or SwapOutcome.RoundsChanged or SwapOutcome.UnknownSeat or SwapOutcome.NoRound => VoteOutcome.CannotMake,
        _ => VoteOutcome.NotOpen,
    };

    public static VoteOutcome Of(MemberChangeOutcome outcome) => outcome switch
    {
        MemberChangeOutcome.Recorded => VoteOutcome.Recorded,
        MemberChangeOutcome.Made => VoteOutcome.Carried,
        MemberChangeOutcome.Rejected => VoteOutcome.Rejected,
        MemberChangeOutcome.NotAnOfficer => VoteOutcome.NotAnOfficer,
        MemberChangeOutcome.Concerned => VoteOutcome.Concerned,
        MemberChangeOutcome.AlreadyDecided => VoteOutcome.AlreadyDecided,
        MemberChangeOutcome.PayoutBeingApproved or MemberChangeOutcome.UnknownMember => VoteOutcome.CannotMake,
        _ => VoteOutcome.NotOpen,
    };

    public static VoteOutcome Of(StatementOutcome outcome) => outcome switch
    {
        StatementOutcome.Recorded => VoteOutcome.Recorded,
        StatementOutcome.Settled => VoteOutcome.Carried,
        StatementOutcome.Rejected => VoteOutcome.Rejected,
        StatementOutcome.NotAnOfficer => VoteOutcome.NotAnOfficer,
        StatementOutcome.Concerned => VoteOutcome.Concerned,
        StatementOutcome.AlreadyDecided => VoteOutcome.AlreadyDecided,
        _ => VoteOutcome.NotOpen,
    };

    public static VoteOutcome Of(CorrectionOutcome outcome) => outcome switch
    {
        CorrectionOutcome.Recorded => VoteOutcome.Recorded,
        CorrectionOutcome.Reversed => VoteOutcome.Carried,
        CorrectionOutcome.Rejected => VoteOutcome.Rejected,
        CorrectionOutcome.NotAnOfficer => VoteOutcome.NotAnOfficer,
        CorrectionOutcome.Concerned => VoteOutcome.Concerned,
        CorrectionOutcome.AlreadyDecided => VoteOutcome.AlreadyDecided,
        CorrectionOutcome.CannotReverse => VoteOutcome.CannotMake,
        _ => VoteOutcome.NotOpen,
    };

    public static VoteOutcome Of(ShareOutOutcome outcome) => outcome switch
    {
        ShareOutOutcome.Recorded => VoteOutcome.Recorded,
        ShareOutOutcome.Approved => VoteOutcome.Carried,
        ShareOutOutcome.Rejected => VoteOutcome.Rejected,
        ShareOutOutcome.NotAnOfficer => VoteOutcome.NotAnOfficer,
        ShareOutOutcome.AlreadyDecided => VoteOutcome.AlreadyDecided,
        ShareOutOutcome.CannotMake => VoteOutcome.CannotMake,
        _ => VoteOutcome.NotOpen,
    };

    /// <summary>The outcome's key in the templates: <c>not_officer</c>.</summary>
    public static string Key(this VoteOutcome outcome) => outcome switch
    {
        VoteOutcome.NotAnOfficer => "not_officer",
        VoteOutcome.AlreadyDecided => "already",
        VoteOutcome.NotOpen => "not_open",
        VoteOutcome.NoReason => "no_reason",
        VoteOutcome.CannotMake => "cannot_make",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    /// <summary>A decision kind's key in the templates: <c>payout_phone</c>.</summary>
    public static string Key(this DecisionKind kind) => kind switch
    {
        DecisionKind.PayoutPhone => "payout_phone",
        DecisionKind.ShareOut => "share_out",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
