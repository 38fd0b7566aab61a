using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Data.Loans;

/// <summary>What happened to a loan request that its members are told of.</summary>
public enum LoanNewsKind
{
    /// <summary>Asked: each guarantor is asked to guarantee it.</summary>
    Asked,

    /// <summary>Every guarantor accepted (or none was needed): the officers decide it.</summary>
    Guaranteed,

    /// <summary>A guarantor declined (<see cref="LoanNews.By"/>): the borrower may ask again.</summary>
    Declined,

    /// <summary>The borrower withdrew it.</summary>
    Withdrawn,

    /// <summary>The quorum approved it: its payout is on its way.</summary>
    Approved,

    /// <summary>An officer rejected it (<see cref="LoanNews.By"/>, <see cref="LoanNews.Reason"/>).</summary>
    Rejected,
}

/// <summary>One piece of news about a loan request, with who may need to hear it: the chama's active officers.</summary>
public sealed record LoanNews(LoanNewsKind Kind, ChamaGroup Chama, LoanApplication Loan, IReadOnlyList<Member> Officers, Member? By = null, string? Reason = null);

/// <summary>The messages a loan request's news sends; queued in the transaction that made the news.</summary>
public delegate IEnumerable<OutboundMessage> LoanNotices(LoanNews news);
