namespace Chama.Core;

public enum DisbursementStatus
{
    AwaitingApproval,
    Approved,
    Sent,
    Completed,
    Failed,
    Rejected,
}

/// <summary>A round's pot on its way to the recipient's receive phone.</summary>
public sealed record Disbursement(
    long Id,
    long RoundId,
    long RecipientMemberId,
    PhoneNumber ReceivePhone,
    Money Amount,
    DisbursementStatus Status);

/// <summary>Dual control: how many distinct officers, other than the recipient, have approved.</summary>
public static class ApprovalRules
{
    public static int CountingApprovals(IEnumerable<long> approvingOfficerIds, long recipientMemberId) =>
        approvingOfficerIds.Where(id => id != recipientMemberId).Distinct().Count();

    public static bool IsApproved(IEnumerable<long> approvingOfficerIds, long recipientMemberId, Constitution constitution) =>
        CountingApprovals(approvingOfficerIds, recipientMemberId) >= constitution.ApprovalsRequired;
}
