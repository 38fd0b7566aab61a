using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Dapper;

namespace Chama.Data.Loans;

/// <summary>A member guaranteeing a loan, the savings they pledged to it, and whether they accepted (null: not answered yet).</summary>
public sealed record LoanGuarantee(Member Member, Money Pledge, bool? Accepted);

/// <summary>
/// A loan paid out, as its charges, reminders, default and recovery need it: its facts as <see cref="LoanBook"/> reads
/// them, with the borrower and the guarantors as members (to tell them, in their language).
/// </summary>
public sealed record LoanLife(LoanFacts Facts, Member Borrower, IReadOnlyList<LoanGuarantee> Guarantors)
{
    public long Id => Facts.Id;

    public long ChamaId => Facts.ChamaId;

    public string Code => Facts.Code;

    public Money Principal => Facts.Principal;

    /// <summary>The loan's unit of payment (<see cref="LoanRounding"/>).</summary>
    public long Unit => LoanRounding.UnitOf(Principal.Currency);

    /// <summary>The schedule fixed when the money reached the borrower (a loan is loaded here only once it has).</summary>
    public LoanSchedule Schedule => Facts.Schedule!;

    public bool Defaulted => Facts.Has("Defaulted");

    /// <summary>Repaid, or recovered from the pledges: nothing more is charged, reminded or recovered.</summary>
    public bool Closed => Facts.Stage is LoanStage.Repaid or LoanStage.Recovered;

    public LoanPosition Position(DateOnly today, int graceDays) => Facts.Position(today, graceDays)!;

    /// <summary>The loan with charges made since it was read.</summary>
    public LoanLife Charged(IEnumerable<LoanCharge> charges) => this with { Facts = Facts with { Charges = [.. Facts.Charges, .. charges] } };

    /// <summary>The loan with savings moved onto it since it was read.</summary>
    public LoanLife Credited(IEnumerable<LoanRepaymentParts> parts) => this with { Facts = Facts with { Repayments = [.. Facts.Repayments, .. parts] } };

    /// <summary>The loan with an event written since it was read.</summary>
    public LoanLife With(string status, DateTimeOffset at) =>
        this with { Facts = Facts with { Events = new Dictionary<string, DateTimeOffset>(Facts.Events) { [status] = at } } };

    /// <summary>The chama's loans paid out and neither repaid nor recovered, oldest first.</summary>
    internal static async Task<IReadOnlyList<long>> RunningIdsAsync(DbTransaction transaction, long chamaId) =>
        (await LoanBook.OpenLoansAsync(transaction, chamaId)).Where(loan => loan.IsRepaying).Select(loan => loan.Id).ToList();

    /// <summary>The loan of the chama, once paid out; null for any other id or a loan whose money has not reached the borrower.</summary>
    internal static async Task<LoanLife?> LoadAsync(DbTransaction transaction, long chamaId, long loanId) =>
        await LoanBook.LoadAsync(transaction, loanId) is { Schedule: not null } facts && facts.ChamaId == chamaId
            ? await OfAsync(transaction, facts)
            : null;

    /// <summary>A paid-out loan's facts with its borrower and guarantors read as members.</summary>
    internal static async Task<LoanLife> OfAsync(DbTransaction transaction, LoanFacts facts)
    {
        var ids = IdList.Of([facts.MemberId, .. facts.Guarantors.Select(g => g.MemberId)]);
        var members = (await transaction.Connection!.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE id IN {ids};", transaction: transaction))
            .Select(r => r.ToMember()).ToDictionary(m => m.Id);
        var guarantors = facts.Guarantors
            .Select(g => new LoanGuarantee(members[g.MemberId], g.Pledge, g.Answer is { } answer ? answer == GuaranteeAnswer.Accepted : null))
            .ToList();
        return new LoanLife(facts, members[facts.MemberId], guarantors);
    }
}
