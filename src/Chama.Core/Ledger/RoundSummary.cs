namespace Chama.Core;

public enum PaymentStatus
{
    Unpaid,
    Partial,
    Paid,
}

/// <summary>Where one member stands in one round.</summary>
public sealed record MemberRoundStatus(Member Member, Money Due, Money Paid)
{
    public PaymentStatus Status => Paid >= Due ? PaymentStatus.Paid : Paid.IsPositive ? PaymentStatus.Partial : PaymentStatus.Unpaid;

    /// <summary>What the member still owes this round (zero when paid).</summary>
    public Money Remainder => Paid >= Due ? Money.Zero(Due.Currency) : Due - Paid;
}

/// <summary>A round's pot: what was collected against what is expected, and who is still owing.</summary>
public sealed record RoundSummary(Round Round, Member Recipient, IReadOnlyList<MemberRoundStatus> Members)
{
    public Money ExpectedPot => Round.ExpectedPot;

    public Money Collected => Members.Aggregate(Money.Zero(ExpectedPot.Currency), (sum, m) => sum + m.Paid);

    public Money Remaining => Collected >= ExpectedPot ? Money.Zero(ExpectedPot.Currency) : ExpectedPot - Collected;

    public bool IsDisbursable => Collected >= ExpectedPot;

    /// <summary>Members not fully paid, in seat order.</summary>
    public IReadOnlyList<MemberRoundStatus> Defaulters => Members.Where(m => m.Status != PaymentStatus.Paid).OrderBy(m => m.Member.Seat).ToList();

    /// <summary><c>Collected: KES 30,000 / 40,000</c>.</summary>
    public string CollectedLine => $"Collected: {Collected} / {ExpectedPot.FormatAmount()}";

    public MemberRoundStatus? For(long memberId) => Members.FirstOrDefault(m => m.Member.Id == memberId);
}
