namespace Chama.Core;

/// <summary>
/// The constitution's clauses, numbered here and nowhere else: every automated message that follows a rule quotes its
/// number ("Rule 3: late fine KES 200"), and the RULES reply lists the chama's constitution in this order. A number
/// never changes once members have seen it.
/// </summary>
public enum Clause
{
    /// <summary>The contribution a member pays each round, and how often rounds come.</summary>
    ContributionAndFrequency = 1,

    /// <summary>A round is due on its meeting date; the grace period after it.</summary>
    DueDateAndGrace = 2,

    /// <summary>The late fine: flat or per day, its cap, and that fines go to the welfare fund.</summary>
    LateFine = 3,

    /// <summary>The welfare levy, and that a welfare payout never exceeds the welfare fund.</summary>
    Welfare = 4,

    /// <summary>How many officers approve a payout; never the recipient's own approval.</summary>
    Approvals = 5,

    /// <summary>How long an approved welfare payout waits, during which an officer can cancel it.</summary>
    WelfareCoolingOff = 6,

    /// <summary>Whether members or only officers see who is pending.</summary>
    PendingList = 7,

    /// <summary>What a member leaving before their pot is refunded.</summary>
    ExitRefund = 8,

    /// <summary>Officer roles and payout phones change only by the officers' quorum; a new payout phone waits before it receives.</summary>
    DoorsToTheMoney = 9,

    /// <summary>The savings a member puts in each meeting (or none), kept as the member's own in the pooled fund.</summary>
    Savings = 10,

    /// <summary>How much a member may borrow (a multiple of their savings, a cap), the terms allowed, and how much of the fund may be lent out.</summary>
    Loans = 11,

    /// <summary>A loan's interest (flat or reducing balance, a month), the late-instalment penalty, and when a loan is in default.</summary>
    LoanInterest = 12,

    /// <summary>How many guarantors a loan needs and what share of it they pledge from their savings.</summary>
    Guarantors = 13,

    /// <summary>How the savings, with the interest and penalties they earned, are shared out at the end of the year.</summary>
    ShareOut = 14,
}
