namespace Chama.Core;

public enum WelfareKind
{
    Funeral,
    Hospital,
    Emergency,
    Other,
}

public enum WelfareRequestStatus
{
    Pending,
    Approved,
    Rejected,
    Paid,

    /// <summary>Closed unpaid: the fund could not pay it when the approval that would start its payout came.</summary>
    Closed,
}

/// <summary>A member's request for support from the welfare fund.</summary>
public sealed record WelfareRequest(
    long Id,
    long ChamaId,
    long MemberId,
    WelfareKind Kind,
    Money Amount,
    string Reason,
    WelfareRequestStatus Status,
    DateTimeOffset RequestedAt)
{
    public const int MaxReasonLength = 140;

    public static string ValidateReason(string? reason)
    {
        var trimmed = (reason ?? "").Trim();
        return trimmed.Length is > 0 and <= MaxReasonLength
            ? trimmed
            : throw new ChamaException(ChamaError.InvalidChama, $"Give a short reason, up to {MaxReasonLength} characters.");
    }
}

/// <summary>A request closed because the fund held only <paramref name="Fund"/> when an officer's approval would have paid it.</summary>
public sealed record WelfareClosure(long Id, WelfareRequest Request, Member Requester, Money Fund, Member Officer, DateTimeOffset At);

/// <summary>Money paid out of the welfare fund.</summary>
public sealed record WelfarePayout(long Id, long ChamaId, long? RequestId, Money Amount, string Reference, DateTimeOffset PaidAt);

/// <summary>The welfare fund is separate from every pot: its own money in, its own money out.</summary>
public static class WelfareFund
{
    public static Money Balance(Money contributed, Money paidOut) => contributed - paidOut;

    /// <summary>A payout never exceeds what the fund holds.</summary>
    public static void EnsureCanPay(Money balance, Money amount)
    {
        if (!amount.IsPositive)
        {
            throw new ChamaException(ChamaError.InvalidAmount, $"{amount} is not a payout: amounts must be more than zero.");
        }

        if (amount > balance)
        {
            throw new ChamaException(ChamaError.InsufficientWelfareFunds, $"The welfare fund holds {balance}, less than {amount}.");
        }
    }
}
