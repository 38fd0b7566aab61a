namespace Chama.Core;

/// <summary>What one line of a member's statement records.</summary>
public enum MovementKind
{
    /// <summary>A round's contribution falls due (on its due date): the one line that lowers the balance.</summary>
    RoundDue,

    /// <summary>A payment into a round's pot: the one line that raises the balance.</summary>
    Contribution,

    /// <summary>Over-payment taken out of a round as credit; money moved within the member's own account.</summary>
    CreditCarriedOut,

    /// <summary>Credit put into a later round; money moved within the member's own account.</summary>
    CreditApplied,

    FineCharged,
    FineWaived,
    FinePaid,

    /// <summary>Money paid into the welfare fund that paid no fine: the levy, or a voluntary contribution.</summary>
    WelfarePaid,

    /// <summary>A welfare payout made to the member.</summary>
    WelfareReceived,

    /// <summary>A round's pot paid out to the member.</summary>
    PotReceived,

    /// <summary>A recorded pot payment the officers reversed by a correction: it lowers the balance by the whole payment.</summary>
    PaymentReversed,

    /// <summary>A recorded welfare payment the officers reversed: it leaves the welfare fund, not the balance.</summary>
    WelfareReversed,

    /// <summary>Money into the member's savings: their own, kept for lending and the share-out.</summary>
    SavingsPaid,

    /// <summary>A repayment of the member's loan, with how it was split (<see cref="Movement.Split"/>).</summary>
    LoanRepaid,

    /// <summary>A loan's money paid out to the member.</summary>
    LoanReceived,
}

/// <summary>How a payment reached the chama.</summary>
public enum PaymentRoute
{
    /// <summary>Not a payment (a due, a fine, a credit moved, a payout).</summary>
    None,

    /// <summary>An M-Pesa prompt the member confirmed with their PIN.</summary>
    StkPush,

    /// <summary>Sent to the chama's paybill, credited by its account reference or by an officer.</summary>
    Paybill,

    /// <summary>Entered by an officer against a reference (<c>CASH-…</c>, <c>BANK-…</c>, a receipt).</summary>
    Recorded,
}

/// <summary>
/// One movement of a member's money in a cycle, as the ledger holds it. <see cref="Amount"/> is never negative; which way
/// it moves the balance is <see cref="Effect"/>. <see cref="Voluntary"/> marks a welfare payment the member chose to
/// make (not the levy); <see cref="PaidAbroad"/> what a payment recorded in another currency was, and its rate; a loan's
/// lines name it (<see cref="Loan"/>), and a repayment says how it was split (<see cref="Split"/>).
/// </summary>
public sealed record Movement(
    DateTimeOffset At,
    MovementKind Kind,
    Money Amount,
    int? Round = null,
    string Reference = "",
    PaymentRoute Route = PaymentRoute.None,
    bool Voluntary = false,
    ForeignPayment? PaidAbroad = null,
    string Loan = "",
    RepaymentSplit? Split = null)
{
    /// <summary>Credit moved between the member's own rounds: bookkeeping of money already counted, not money in or out.</summary>
    public bool IsTransfer => Kind is MovementKind.CreditCarriedOut or MovementKind.CreditApplied;

    /// <summary>
    /// What the line does to the balance (paid minus due, for the pot): a due and a reversed payment lower it, a
    /// contribution raises it. Credit moves between the member's own rounds, and fines, welfare, savings, loans and
    /// payouts are other accounts, so those lines leave it where it was.
    /// </summary>
    public Money Effect => Kind switch
    {
        MovementKind.RoundDue or MovementKind.PaymentReversed => Money.Zero(Amount.Currency) - Amount,
        MovementKind.Contribution => Amount,
        _ => Money.Zero(Amount.Currency),
    };
}

/// <summary>A movement and the balance after it.</summary>
public sealed record StatementLine(Movement Movement, Money Balance);
