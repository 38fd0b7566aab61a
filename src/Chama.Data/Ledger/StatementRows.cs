using Chama.Core;

namespace Chama.Data.Ledger;

/// <summary>The rows a member's statement is read from, turned into <see cref="Movement"/>s.</summary>
internal sealed record StatementRows(
    IReadOnlyList<StatementRows.Payment> Payments,
    IReadOnlyList<(string Subject, string Channel)> Audited,
    IReadOnlyList<StatementRows.Credit> Credits,
    IReadOnlyList<StatementRows.Fine> Fines,
    IReadOnlyList<StatementRows.FinePaid> FinesPaid,
    IReadOnlyList<StatementRows.WelfarePayout> WelfarePayouts,
    IReadOnlyList<StatementRows.PotPayout> PotPayouts,
    IReadOnlyList<StatementRows.Reversal> Reversals,
    IReadOnlyList<StatementRows.LoanPayout> LoanPayouts)
{
    /// <summary>Credit carried out of earlier cycles' rounds and not applied in them: it opens this cycle's statement.</summary>
    public Money BroughtForward(long cycleId, string currency) => new(
        Credits.Where(c => c.CycleId != cycleId).Sum(c => c.Kind == nameof(PotEntryKind.CreditCarriedOut) ? c.AmountMinor : -c.AmountMinor), currency);

    public IEnumerable<Movement> Movements(long cycleId, string currency)
    {
        Money Amount(long minor) => new(minor, currency);
        var recordedVia = RecordedVia();
        var finesPaidBy = FinesPaid.ToLookup(f => f.ContributionId);
        var credits = Credits.Where(c => c.CycleId == cycleId).ToList();
        var creditsOf = credits.ToLookup(c => c.Receipt);
        foreach (var payment in Payments)
        {
            var at = At(payment.RecordedAt);
            var route = Route(payment, recordedVia);
            if (payment.Fund == nameof(Fund.Pot))
            {
                // The payment, then the credit it moved on (out of a round, into the next), as the ledger wrote them.
                yield return new Movement(at, MovementKind.Contribution, Amount(payment.AmountMinor), (int?)payment.RoundNumber, payment.Receipt, route, PaidAbroad: payment.PaidAbroad);
                foreach (var credit in creditsOf[payment.Receipt])
                {
                    yield return CreditMovement(credit);
                }

                continue;
            }

            if (payment.Fund == nameof(Fund.Savings))
            {
                yield return new Movement(at, MovementKind.SavingsPaid, Amount(payment.AmountMinor), null, payment.Receipt, route, PaidAbroad: payment.PaidAbroad);
                continue;
            }

            if (payment.Fund == nameof(Fund.Loan))
            {
                var split = new RepaymentSplit(Amount(payment.PenaltyMinor ?? 0), Amount(payment.InterestMinor ?? 0), Amount(payment.PrincipalMinor ?? 0), Amount(payment.ToSavingsMinor ?? 0));
                yield return new Movement(
                    at, MovementKind.LoanRepaid, Amount(payment.AmountMinor), null, payment.Receipt, route, PaidAbroad: payment.PaidAbroad, Loan: $"L{payment.LoanId}", Split: split);
                continue;
            }

            // One welfare payment may settle fines and leave the rest in the fund as the member's welfare money.
            var fines = finesPaidBy[payment.Id].ToList();
            foreach (var fine in fines)
            {
                yield return new Movement(at, MovementKind.FinePaid, Amount(fine.AmountMinor), (int)fine.RoundNumber, payment.Receipt, route);
            }

            var rest = payment.AmountMinor - fines.Sum(f => f.AmountMinor);
            if (rest > 0)
            {
                yield return new Movement(
                    at, MovementKind.WelfarePaid, Amount(rest), null, payment.Receipt, route, Voluntary: payment.Purpose == nameof(PaymentPurpose.Welfare), PaidAbroad: payment.PaidAbroad);
            }
        }

        // Credit carried from a payment of an earlier cycle into this one's rounds.
        var paidThisCycle = Payments.Select(p => p.Receipt).ToHashSet(StringComparer.Ordinal);
        foreach (var credit in credits.Where(c => !paidThisCycle.Contains(c.Receipt)))
        {
            yield return CreditMovement(credit);
        }

        foreach (var fine in Fines)
        {
            yield return new Movement(At(fine.ChargedAt), MovementKind.FineCharged, Amount(fine.AmountMinor), (int)fine.RoundNumber, fine.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (fine.WaivedAt is { } waived)
            {
                yield return new Movement(At(waived), MovementKind.FineWaived, Amount(fine.AmountMinor), (int)fine.RoundNumber, fine.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        foreach (var payout in WelfarePayouts)
        {
            yield return new Movement(At(payout.PaidAt), MovementKind.WelfareReceived, Amount(payout.AmountMinor), null, payout.Reference);
        }

        foreach (var pot in PotPayouts)
        {
            yield return new Movement(
                At(pot.At), MovementKind.PotReceived, Amount(pot.AmountMinor), (int)pot.RoundNumber, pot.TransactionId ?? ApprovalSubject.CodeFor(ApprovalKind.Pot, pot.SubjectId));
        }

        foreach (var loan in LoanPayouts)
        {
            yield return new Movement(At(loan.At), MovementKind.LoanReceived, Amount(loan.AmountMinor), null, loan.TransactionId ?? "", Loan: $"L{loan.LoanId}");
        }

        foreach (var reversal in Reversals)
        {
            var kind = reversal.Fund == nameof(Fund.Pot) ? MovementKind.PaymentReversed : MovementKind.WelfareReversed;
            yield return new Movement(At(reversal.ReversedAt), kind, Amount(reversal.AmountMinor), (int?)reversal.RoundNumber, reversal.Receipt, PaymentRoute.Recorded);
        }
    }

    private static Movement CreditMovement(Credit credit) => new(
        At(credit.CreatedAt), Enum.Parse<MovementKind>(credit.Kind), new Money(credit.AmountMinor, credit.Currency), (int)credit.RoundNumber, credit.Receipt);

    private static DateTimeOffset At(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    /// <summary>A push the member confirmed; the paybill (by its account reference, or placed by an officer); or an officer's record.</summary>
    private static PaymentRoute Route(Payment payment, IReadOnlyDictionary<string, string> recordedVia) => payment switch
    {
        { PaymentRequestId: not null } => PaymentRoute.StkPush,
        { Allocations: > 0 } => PaymentRoute.Paybill,
        _ when recordedVia.GetValueOrDefault(payment.Receipt) == "mpesa-paybill" => PaymentRoute.Paybill,
        _ => PaymentRoute.Recorded,
    };

    /// <summary>The channel each payment's recording was audited with, by receipt (the subject starts <c>receipt:&lt;receipt&gt; </c>).</summary>
    private Dictionary<string, string> RecordedVia()
    {
        var byReceipt = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (subject, channel) in Audited)
        {
            var first = subject.Split(' ', 2)[0];
            if (first.StartsWith("receipt:", StringComparison.Ordinal))
            {
                byReceipt.TryAdd(first["receipt:".Length..], channel);
            }
        }

        return byReceipt;
    }

    /// <summary>A recorded payment the officers reversed by a correction: its whole amount, taken back by new entries.</summary>
    internal sealed class Reversal
    {
        public long AmountMinor { get; init; }
        public long ReversedAt { get; init; }
        public string Receipt { get; init; } = "";
        public string Fund { get; init; } = "";
        public long? RoundNumber { get; init; }
    }

    internal sealed class Payment
    {
        public long Id { get; init; }
        public string Fund { get; init; } = "";
        public long AmountMinor { get; init; }
        public string Receipt { get; init; } = "";
        public long RecordedAt { get; init; }
        public long? RoundNumber { get; init; }
        public string? Purpose { get; init; }
        public long? PaymentRequestId { get; init; }
        public long Allocations { get; init; }
        public long? PaidMinor { get; init; }
        public string? PaidCurrency { get; init; }
        public string? Rate { get; init; }
        public long? LoanId { get; init; }
        public long? PenaltyMinor { get; init; }
        public long? InterestMinor { get; init; }
        public long? PrincipalMinor { get; init; }
        public long? ToSavingsMinor { get; init; }

        /// <summary>What was paid in another currency, and the rate the officer typed, for a payment recorded so.</summary>
        public ForeignPayment? PaidAbroad => PaidMinor is { } minor && PaidCurrency is { } currency && Rate is { } rate
            ? new ForeignPayment(new Money(minor, currency), decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    internal sealed class Credit
    {
        public string Kind { get; init; } = "";
        public long AmountMinor { get; init; }
        public long CreatedAt { get; init; }
        public long RoundNumber { get; init; }
        public long CycleId { get; init; }
        public string Receipt { get; init; } = "";
        public string Currency { get; init; } = "";
    }

    internal sealed class Fine
    {
        public long Id { get; init; }
        public long AmountMinor { get; init; }
        public long ChargedAt { get; init; }
        public long RoundNumber { get; init; }
        public long? WaivedAt { get; init; }
    }

    internal sealed class FinePaid
    {
        public long ContributionId { get; init; }
        public long FineId { get; init; }
        public long AmountMinor { get; init; }
        public long RoundNumber { get; init; }
    }

    internal sealed class WelfarePayout
    {
        public long AmountMinor { get; init; }
        public string Reference { get; init; } = "";
        public long PaidAt { get; init; }
        public long RequestId { get; init; }
    }

    internal sealed class PotPayout
    {
        public long AmountMinor { get; init; }
        public long RoundNumber { get; init; }
        public string? TransactionId { get; init; }
        public long At { get; init; }
        public long SubjectId { get; init; }
    }

    /// <summary>A loan's money that reached the member (its payout completed, by M-Pesa or by hand).</summary>
    internal sealed class LoanPayout
    {
        public long AmountMinor { get; init; }
        public long LoanId { get; init; }
        public string? TransactionId { get; init; }
        public long At { get; init; }
    }
}
