namespace Chama.Core;

/// <summary>
/// A payout an officer paid from the bank or the cash account, with its reference, and when the recipient confirmed
/// receiving it (<c>RECEIVED P3</c>). One the recipient has not confirmed after <see cref="ConfirmationDue"/> is shown to
/// the officers: a payout recorded but never received is the way one officer could keep a pot.
/// </summary>
public sealed record ManualPayout(
    Disbursement Payout,
    AccountKind Account,
    string Reference,
    long OfficerMemberId,
    string OfficerName,
    string RecipientName,
    DateTimeOffset RecordedAt,
    DateTimeOffset? ConfirmedAt)
{
    public static readonly TimeSpan ConfirmationDue = TimeSpan.FromDays(3);

    /// <summary>The reference of a payout paid in cash: one per payout attempt, so recording it twice is one payout.</summary>
    public static string CashReference(Disbursement payout) => $"{Receipt.CashPrefix}{payout.Code}-{payout.Attempt}";

    /// <summary>The reference of a bank transfer as stored (<c>BANK-FT2334</c>), from what the officer typed (<c>FT2334</c> or <c>BANK-FT2334</c>).</summary>
    public static string BankReference(string typed)
    {
        var reference = (typed ?? "").Trim().ToUpperInvariant();
        return Receipt.ForBank(reference.StartsWith(Receipt.BankPrefix, StringComparison.Ordinal) ? reference[Receipt.BankPrefix.Length..] : reference).Value;
    }
}
