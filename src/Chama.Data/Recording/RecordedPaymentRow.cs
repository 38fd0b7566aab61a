using System.Data.Common;
using System.Globalization;
using Chama.Core;
using Chama.Data.Chamas;
using Dapper;

namespace Chama.Data.Recording;

/// <summary>A recorded payment read with its contribution, member, dispute and reversal.</summary>
internal sealed class RecordedPaymentRow
{
    public long Id { get; init; }
    public long ContributionId { get; init; }
    public long ChamaId { get; init; }
    public long? RoundId { get; init; }
    public long MemberId { get; init; }
    public string Fund { get; init; } = "";
    public long AmountMinor { get; init; }
    public string Currency { get; init; } = "";
    public string Receipt { get; init; } = "";
    public string Method { get; init; } = "";
    public long RecordedByMemberId { get; init; }
    public string? Note { get; init; }
    public long? PaidMinor { get; init; }
    public string? PaidCurrency { get; init; }
    public string? Rate { get; init; }
    public long RecordedAt { get; init; }
    public long? DisputedAt { get; init; }
    public long Reversed { get; init; }

    private const string Select =
        """
        SELECT p.id, p.contribution_id, c.chama_id, c.round_id, c.member_id, c.fund, c.amount_minor, c.currency, c.receipt,
               p.method, p.recorded_by_member_id, p.note, p.paid_minor, p.paid_currency, p.rate, p.recorded_at,
               d.disputed_at, (SELECT COUNT(*) FROM payment_reversals x WHERE x.contribution_id = p.contribution_id) AS reversed
        FROM recorded_payments p
        JOIN contributions c ON c.id = p.contribution_id
        LEFT JOIN payment_disputes d ON d.recorded_payment_id = p.id
        """;

    public static async Task<RecordedPayment?> FindByReceiptAsync(DbTransaction transaction, Receipt receipt) =>
        (await ReadAsync(transaction, $"{Select} WHERE c.receipt = @Value;", new { receipt.Value })).SingleOrDefault();

    public static async Task<RecordedPayment?> FindAsync(DbTransaction transaction, long id) =>
        (await ReadAsync(transaction, $"{Select} WHERE p.id = @id;", new { id })).SingleOrDefault();

    /// <summary>A chama's recorded payments, newest first, at most <paramref name="limit"/>.</summary>
    public static Task<IReadOnlyList<RecordedPayment>> ListAsync(DbTransaction transaction, long chamaId, int limit) =>
        ReadAsync(transaction, $"{Select} WHERE p.chama_id = @chamaId ORDER BY p.recorded_at DESC, p.id DESC LIMIT {limit};", new { chamaId });

    private static async Task<IReadOnlyList<RecordedPayment>> ReadAsync(DbTransaction transaction, string sql, object parameters)
    {
        var rows = (await transaction.Connection!.QueryAsync<RecordedPaymentRow>(sql, parameters, transaction)).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var members = (await transaction.Connection!.QueryAsync<MemberRow>(
                $"{MemberRow.Select} WHERE id IN {IdList.Of(rows.Select(r => r.MemberId).Distinct())};", transaction: transaction))
            .Select(m => m.ToMember())
            .ToDictionary(m => m.Id);
        return rows.Select(r => r.ToPayment(members[r.MemberId])).ToList();
    }

    private RecordedPayment ToPayment(Member member) => new(
        Id,
        new Contribution(ContributionId, ChamaId, RoundId, MemberId, Enum.Parse<Fund>(Fund), new Money(AmountMinor, Currency), Core.Receipt.Parse(Receipt), DateTimeOffset.FromUnixTimeMilliseconds(RecordedAt)),
        member,
        Enum.Parse<PaymentMethod>(Method),
        RecordedByMemberId,
        Note,
        PaidMinor is { } paid ? new ForeignPayment(new Money(paid, PaidCurrency!), decimal.Parse(Rate!, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(RecordedAt),
        DisputedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        Reversed > 0);
}
