namespace Chama.Core;

/// <summary>
/// A member's statement for one cycle: every movement of their money in order, each with the balance after it.
/// <para>
/// The <b>balance</b> is what the member has paid into this cycle's pots (with credit brought forward from earlier
/// cycles) minus every contribution fallen due so far, the current round's included: positive is paid ahead, negative
/// is owed. It is the figure <c>BALANCE</c> shows as credit less what is due now and in arrears
/// (<see cref="MemberStatement"/>), by the same rules. Fines, welfare and payouts are listed in the same order but are
/// other accounts, so they leave the balance where it was; their totals are given apart.
/// </para>
/// </summary>
public sealed record CycleStatement(Member Member, Cycle Cycle, Round? CurrentRound, Money BroughtForward, IReadOnlyList<StatementLine> Lines)
{
    private Money Zero => Money.Zero(Cycle.Contribution.Currency);

    public Money Balance => Lines.Count > 0 ? Lines[^1].Balance : BroughtForward;

    /// <summary>Paid into this cycle's pots, credit moved between rounds not counted twice.</summary>
    public Money Paid => Total(MovementKind.Contribution) - Total(MovementKind.PaymentReversed);

    /// <summary>Every contribution fallen due so far.</summary>
    public Money Due => Total(MovementKind.RoundDue);

    public Money FinesCharged => Total(MovementKind.FineCharged);

    public Money FinesWaived => Total(MovementKind.FineWaived);

    public Money FinesPaid => Total(MovementKind.FinePaid);

    /// <summary>Paid into the welfare fund since the cycle began, fines not counted: the levy and voluntary contributions, less any reversed.</summary>
    public Money WelfarePaid => Total(MovementKind.WelfarePaid) - Total(MovementKind.WelfareReversed);

    public Money WelfareReceived => Total(MovementKind.WelfareReceived);

    public Money PotsReceived => Total(MovementKind.PotReceived);

    /// <summary>Paid into savings since the cycle began (a repayment's excess counted with the repayment, not here).</summary>
    public Money SavingsPaid => Total(MovementKind.SavingsPaid);

    public Money Total(MovementKind kind) => Lines.Where(l => l.Movement.Kind == kind).Aggregate(Zero, (sum, l) => sum + l.Movement.Amount);

    /// <summary>The last <paramref name="count"/> movements of money, oldest first, credit moved between rounds left out (the USSD mini-statement).</summary>
    public IReadOnlyList<StatementLine> Last(int count)
    {
        var money = Lines.Where(l => !l.Movement.IsTransfer).ToList();
        return money.Skip(Math.Max(0, money.Count - count)).ToList();
    }

    /// <summary>
    /// Orders the movements and runs the balance through them. A due line is added for every round up to the current
    /// one (<see cref="MemberStatement.CurrentRoundOf"/>) that expects the member (a joiner owes nothing before their
    /// first round), dated at the start of its due date in Nairobi. At the same moment a due comes first; otherwise
    /// movements keep the order given (a payment, then the credit it carries out of a round and into the next).
    /// </summary>
    public static CycleStatement Build(
        Member member,
        Cycle cycle,
        IReadOnlyList<Round> rounds,
        DateOnly today,
        Money broughtForward,
        IEnumerable<Movement> movements,
        CycleJoin? join = null)
    {
        var current = MemberStatement.CurrentRoundOf(rounds, today);
        var dues = current is null
            ? []
            : rounds.Where(r => r.Number <= current.Number && !(join?.IsBefore(r.Number) ?? false))
                .Select(r => new Movement(new DateTimeOffset(r.DueDate.ToDateTime(TimeOnly.MinValue), NairobiTime.Offset), MovementKind.RoundDue, cycle.Contribution, r.Number));
        var balance = broughtForward;
        var lines = new List<StatementLine>();
        foreach (var movement in dues.Concat(movements).OrderBy(m => m.At).ThenBy(m => m.Kind == MovementKind.RoundDue ? 0 : 1))
        {
            balance += movement.Effect;
            lines.Add(new StatementLine(movement, balance));
        }

        return new CycleStatement(member, cycle, current, broughtForward, lines);
    }
}
