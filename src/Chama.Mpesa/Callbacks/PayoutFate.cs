namespace Chama.Mpesa.Callbacks;

/// <summary>What a Daraja result says of a payout.</summary>
public enum PayoutVerdict
{
    /// <summary>The money reached the recipient.</summary>
    Paid,

    /// <summary>M-Pesa moved nothing: paying again is safe once the officers approve afresh.</summary>
    NotPaid,

    /// <summary>Nothing is known of the payout (a status query that failed, a status still in progress): it stays unresolved.</summary>
    Unknown,
}

/// <summary>
/// A payout's outcome read from a B2C result or from a transaction status result. A B2C result is the payout's own:
/// its ResultCode is the payout's fate. A status result's ResultCode is the query's: a failed query (2001, an expired
/// credential) says nothing of the payout, and the payout's fate is the <c>TransactionStatus</c> parameter of a query
/// that worked. The envelope's ids are the query's own: the payout is the one that query asked about, when the query
/// is known, or else the one the <c>OriginatorConversationID</c> parameter names.
/// </summary>
public sealed record PayoutFate(string? OriginatorConversationId, PayoutVerdict Verdict, string? Receipt, string Detail)
{
    /// <summary>Statuses after which no money moved; any other (pending, reversed, new words) is left to a person.</summary>
    private static readonly HashSet<string> NothingMoved = new(StringComparer.OrdinalIgnoreCase) { "Failed", "Declined", "Cancelled", "Expired" };

    public static PayoutFate FromB2CResult(DarajaResult result) => new(
        result.OriginatorConversationId,
        result.Succeeded ? PayoutVerdict.Paid : PayoutVerdict.NotPaid,
        Present(result.Parameter("TransactionReceipt")) ?? Present(result.TransactionId),
        result.Succeeded ? result.ResultDescription : $"{result.ResultCode} {result.ResultDescription}");

    /// <param name="result">The status query's Result.</param>
    /// <param name="askedAbout">
    /// The OriginatorConversationID of the payout the query (found by the envelope's ids) asked about; null when the
    /// query is not known.
    /// </param>
    public static PayoutFate FromStatusResult(DarajaResult result, string? askedAbout = null)
    {
        var status = result.Parameter("TransactionStatus") ?? "";
        var named = Present(result.Parameter("OriginatorConversationID"));
        var detail = $"{result.ResultCode} {result.ResultDescription} {status}".Trim();
        if (askedAbout is not null && named is not null && named != askedAbout)
        {
            // The answer to our query names another transaction: it tells nothing certain of the payout asked about.
            return new(askedAbout, PayoutVerdict.Unknown, null, $"{detail} (names {named})");
        }

        var verdict = !result.Succeeded ? PayoutVerdict.Unknown
            : status.Equals("Completed", StringComparison.OrdinalIgnoreCase) ? PayoutVerdict.Paid
            : NothingMoved.Contains(status) ? PayoutVerdict.NotPaid
            : PayoutVerdict.Unknown;
        return new(askedAbout ?? named, verdict, Present(result.Parameter("ReceiptNo")), detail);
    }

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
