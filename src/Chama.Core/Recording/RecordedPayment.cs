namespace Chama.Core;

/// <summary>How money an officer records reached the chama, read from its reference.</summary>
public enum PaymentMethod
{
    /// <summary>Sent to an officer's own M-Pesa number: the receipt of that SMS.</summary>
    Mpesa,
    Cash,
    Bank,
}

/// <summary>
/// A payment an officer records for a member: the seat, the amount credited in the chama's currency, the fund (the pot,
/// allocated like any contribution, or the welfare fund), the reference, an optional note, and for money paid in another
/// currency what was paid and at what rate.
/// </summary>
public sealed record PaymentToRecord(int Seat, Money Amount, Fund Fund, Receipt Receipt, string? Note = null, ForeignPayment? Foreign = null)
{
    public const int MaxNoteLength = 140;

    public PaymentMethod Method => Receipt.Kind switch
    {
        ReceiptKind.Mpesa => PaymentMethod.Mpesa,
        ReceiptKind.Cash => PaymentMethod.Cash,
        ReceiptKind.Bank => PaymentMethod.Bank,
        _ => throw new ChamaException(ChamaError.InvalidReceipt, $"{Receipt} is not a reference an officer records: an M-Pesa receipt, CASH or BANK <reference>."),
    };

    /// <summary>
    /// The payment in <paramref name="chamaCurrency"/>: a foreign one credited by its rate, its note trimmed; refused when the
    /// amount is not a payment, the note too long or the reference not one an officer records.
    /// </summary>
    public PaymentToRecord Checked(string chamaCurrency)
    {
        _ = Method;
        var amount = Foreign is { } foreign ? foreign.CreditIn(chamaCurrency) : Amount;
        RoundLedger.EnsurePayable(amount, chamaCurrency);
        var note = Text.TextInput.Line(Note ?? "");
        if (note.Length > MaxNoteLength)
        {
            throw new ChamaException(ChamaError.InvalidNote, $"A note is at most {MaxNoteLength} characters.");
        }

        return this with { Amount = amount, Note = note.Length == 0 ? null : note };
    }
}

/// <summary>A payment an officer recorded, as the ledger holds it, with whether its member disputed it and whether a correction reversed it.</summary>
public sealed record RecordedPayment(
    long Id,
    Contribution Contribution,
    Member Member,
    PaymentMethod Method,
    long RecordedByMemberId,
    string? Note,
    ForeignPayment? Foreign,
    DateTimeOffset RecordedAt,
    DateTimeOffset? DisputedAt,
    bool Reversed)
{
    /// <summary>How long after a payment is recorded its member may dispute it.</summary>
    public static readonly TimeSpan DisputeWindow = TimeSpan.FromDays(7);

    public Receipt Receipt => Contribution.Receipt;

    public Money Amount => Contribution.Amount;

    public bool Disputed => DisputedAt is not null;

    public bool CanBeDisputedAt(DateTimeOffset now) => now < RecordedAt + DisputeWindow;

    /// <summary>The same payment again: the same member, fund and amount in the chama's currency (and what was paid abroad).</summary>
    public bool IsSameAs(Member member, PaymentToRecord payment) =>
        Member.Id == member.Id && Contribution.Fund == payment.Fund && Amount == payment.Amount && Foreign == payment.Foreign;
}

/// <summary>What recording came to: the payment, and whether it was there already (the same reference, member and amount).</summary>
public sealed record RecordedPaymentResult(RecordedPayment Payment, bool AlreadyRecorded, RoundSummary? Round)
{
    /// <summary>For a loan repayment just recorded: how it was split and what the loan owes after it.</summary>
    public LoanRepayment? Repayment { get; init; }
}

/// <summary>What a member's dispute came to.</summary>
public enum DisputeOutcome
{
    Disputed,
    AlreadyDisputed,

    /// <summary>No payment recorded for this member has that reference.</summary>
    Unknown,

    /// <summary>More than seven days have passed since it was recorded.</summary>
    TooLate,
    Reversed,
}
