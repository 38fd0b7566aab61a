using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Dapper;

namespace Chama.Data.Mpesa;

/// <summary>The chama, the paying member and the officers: who the messages about a payment go to.</summary>
public sealed record PaymentParties(ChamaGroup Chama, Member Member, IReadOnlyList<Member> Officers)
{
    /// <summary>For a loan's completed payout: the schedule it started, which the borrower is sent.</summary>
    public LoanSchedule? LoanSchedule { get; init; }

    internal static async Task<PaymentParties> LoadAsync(DbTransaction transaction, long chamaId, long memberId)
    {
        var connection = transaction.Connection!;
        var chama = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction)).ToChama();
        var members = (await connection.QueryAsync<MemberRow>(
                $"{MemberRow.Select} WHERE chama_id = @chamaId AND (id = @memberId OR (roles <> 0 AND active = 1)) ORDER BY seat;", new { chamaId, memberId }, transaction))
            .Select(r => r.ToMember())
            .ToList();
        return new PaymentParties(chama, members.Single(m => m.Id == memberId), members.Where(m => m.IsOfficer && m.Active).ToList());
    }

    /// <summary>A chama and its active officers, for a notice that concerns no member yet.</summary>
    internal static async Task<(ChamaGroup Chama, IReadOnlyList<Member> Officers)> LoadOfficersAsync(DbTransaction transaction, long chamaId)
    {
        var connection = transaction.Connection!;
        var chama = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction)).ToChama();
        var officers = (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @chamaId AND roles <> 0 AND active = 1 ORDER BY seat;", new { chamaId }, transaction))
            .Select(r => r.ToMember()).ToList();
        return (chama, officers);
    }

    internal SettledPayment Settled(PaymentOutcome outcome, string resultCode, Money? amount, string? receipt, RoundSummary? summary, bool potReady, long? paymentRequestId) =>
        new(outcome, resultCode, amount, receipt, Chama, Member, summary, potReady, Officers, paymentRequestId);
}
