using System.Data.Common;
using Dapper;

namespace Chama.Data.Ledger;

/// <summary>
/// Enters the chama that owns a row a write is about, when the write knows only the row (a round, a member, a loan, a
/// payout, a payment request). The owner is read with a plain query first: a row never changes chama, so what was read
/// stays true once the chama is entered, and the write re-reads whatever else decides it after entering.
/// </summary>
internal static class OwningChama
{
    /// <summary>The chama of a round (through its cycle).</summary>
    public static Task<long?> EnterRoundAsync(DbTransaction transaction, long roundId) =>
        EnterAsync(transaction, "SELECT c.chama_id FROM rounds r JOIN cycles c ON c.id = r.cycle_id WHERE r.id = @id;", roundId);

    public static Task<long?> EnterMemberAsync(DbTransaction transaction, long memberId) =>
        EnterAsync(transaction, "SELECT chama_id FROM members WHERE id = @id;", memberId);

    public static Task<long?> EnterLoanAsync(DbTransaction transaction, long loanId) =>
        EnterAsync(transaction, "SELECT chama_id FROM loans WHERE id = @id;", loanId);

    public static Task<long?> EnterPayoutAsync(DbTransaction transaction, long payoutId) =>
        EnterAsync(transaction, "SELECT chama_id FROM disbursements WHERE id = @id;", payoutId);

    public static Task<long?> EnterFineAsync(DbTransaction transaction, long fineId) =>
        EnterAsync(transaction, "SELECT chama_id FROM fines WHERE id = @id;", fineId);

    public static Task<long?> EnterPaymentRequestAsync(DbTransaction transaction, long requestId) =>
        EnterAsync(transaction, "SELECT chama_id FROM payment_requests WHERE id = @id;", requestId);

    /// <summary>Enters the chama <paramref name="sql"/> names for <c>@id</c>; none when the row does not exist (the write then refuses or does nothing).</summary>
    private static async Task<long?> EnterAsync(DbTransaction transaction, string sql, long id)
    {
        var chamaId = await transaction.Connection!.QuerySingleOrDefaultAsync<long?>(sql, new { id }, transaction);
        if (chamaId is { } owner)
        {
            await WriteScope.EnterChamaAsync(transaction, owner);
        }

        return chamaId;
    }
}
