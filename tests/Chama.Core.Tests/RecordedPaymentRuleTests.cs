namespace Chama.Core.Tests;

/// <summary>The rules of a payment an officer records: its reference, the rate's one rounding rule, the dispute window and the correction's ballot.</summary>
public class RecordedPaymentRuleTests
{
    [Fact]
    public void USD_100_at_129_50_credits_KES_12950() =>
        Assert.Equal(Money.Kes(12_950), new ForeignPayment(new Money(10_000, "USD"), 129.50m).CreditIn("KES"));

    [Theory]
    [InlineData(1, "129.555", 130)]
    [InlineData(1, "129.4", 129)]
    [InlineData(2, "0.25", 1)]
    [InlineData(10, "0.25", 3)]
    [InlineData(3, "0.5", 2)]
    [InlineData(12_345, "1.234567", 15_241)]
    public void The_credit_is_rounded_half_away_from_zero_to_the_chama_currencys_minor_unit(long paidMinor, string rate, long creditedMinor) =>
        Assert.Equal(
            new Money(creditedMinor, "KES"),
            new ForeignPayment(new Money(paidMinor, "GBP"), decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture)).CreditIn("KES"));

    [Theory]
    [InlineData("129.50", true)]
    [InlineData("@129.50", true)]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData("1,000", false)]
    [InlineData("1e3", false)]
    [InlineData("0.1234567", false)]
    [InlineData("1000000", false)]
    [InlineData("abc", false)]
    public void A_rate_is_a_positive_decimal_as_typed(string text, bool valid) => Assert.Equal(valid, ForeignPayment.TryParseRate(text, out _));

    [Fact]
    public void A_payment_in_the_chamas_own_currency_takes_no_rate() =>
        Assert.Equal(ChamaError.CurrencyMismatch, Assert.Throws<ChamaException>(() => new ForeignPayment(Money.Kes(100), 1m).CreditIn("KES")).Error);

    [Fact]
    public void A_bank_transfer_is_recorded_under_the_banks_reference()
    {
        var receipt = Receipt.ForBank("ft2334");
        Assert.Equal((ReceiptKind.Bank, "BANK-FT2334"), (receipt.Kind, receipt.Value));
        Assert.Equal(ChamaError.InvalidReceipt, Assert.Throws<ChamaException>(() => Receipt.Parse("BANK-")).Error);
    }

    [Fact]
    public void A_new_cash_reference_names_the_day_and_is_a_receipt()
    {
        var receipt = Receipt.NewCash(new DateOnly(2026, 3, 12));
        Assert.Equal(ReceiptKind.Cash, receipt.Kind);
        Assert.Matches("^CASH-260312-[A-Z0-9]{6}$", receipt.Value);
        Assert.NotEqual(receipt, Receipt.NewCash(new DateOnly(2026, 3, 12)));
    }

    [Fact]
    public void An_officer_records_only_an_M_Pesa_receipt_cash_or_a_bank_reference() =>
        Assert.Equal(
            ChamaError.InvalidReceipt,
            Assert.Throws<ChamaException>(() => new PaymentToRecord(3, Money.Kes(100), Fund.Pot, Receipt.ForStkCheckout("ws_CO_1")).Checked("KES")).Error);

    [Fact]
    public void A_note_longer_than_a_text_message_is_refused() =>
        Assert.Equal(
            ChamaError.InvalidNote,
            Assert.Throws<ChamaException>(() => new PaymentToRecord(3, Money.Kes(100), Fund.Pot, Receipt.Parse("CASH-1"), new string('x', 141)).Checked("KES")).Error);

    [Fact]
    public void A_member_may_dispute_for_seven_days_from_the_entry()
    {
        var at = new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);
        var payment = Payment(at, recordedBy: 1, member: 4);
        Assert.True(payment.CanBeDisputedAt(at.AddDays(7).AddTicks(-1)));
        Assert.False(payment.CanBeDisputedAt(at.AddDays(7)));
    }

    [Fact]
    public void Neither_the_recorder_nor_the_member_counts_toward_a_correction()
    {
        var correction = new PaymentCorrection(1, Payment(DateTimeOffset.UnixEpoch, recordedBy: 1, member: 3), 2, "counted twice", [], 2)
        {
            Decisions = [new OfficerDecision(1, Decision.Approve, null), new OfficerDecision(3, Decision.Approve, null), new OfficerDecision(2, Decision.Approve, null)],
        };

        Assert.Equal(1, correction.Approvals);
        Assert.True(correction.IsOpen);
        Assert.Equal(VoteRefusal.Concerned, VoteRules.Check(Fixtures.Member(1, "Grace Wanjiku", 1, MemberRoles.Treasurer), 1, correction.Ballot, DateTimeOffset.UnixEpoch));
    }

    private static RecordedPayment Payment(DateTimeOffset at, long recordedBy, long member) => new(
        1,
        new Contribution(1, 1, 1, member, Fund.Pot, Money.Kes(5_000), Receipt.Parse("CASH-1"), at),
        Fixtures.Member(member, "Samuel Kimani", (int)member),
        PaymentMethod.Cash,
        recordedBy,
        null,
        null,
        at,
        null,
        false);
}
