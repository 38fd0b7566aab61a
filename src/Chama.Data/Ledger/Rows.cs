using System.Data.Common;
using Chama.Core;
using Dapper;

namespace Chama.Data.Ledger;

internal sealed class ContributionRow
{
    public long Id { get; init; }
    public long ChamaId { get; init; }
    public long? RoundId { get; init; }
    public long MemberId { get; init; }
    public string Fund { get; init; } = "";
    public long AmountMinor { get; init; }
    public string Currency { get; init; } = "";
    public string Receipt { get; init; } = "";
    public long RecordedAt { get; init; }

    public const string Select = "SELECT id, chama_id, round_id, member_id, fund, amount_minor, currency, receipt, recorded_at FROM contributions";

    public Contribution ToContribution() => new(
        Id,
        ChamaId,
        RoundId,
        MemberId,
        Enum.Parse<Fund>(Fund),
        new Money(AmountMinor, Currency),
        Core.Receipt.Parse(Receipt),
        DateTimeOffset.FromUnixTimeMilliseconds(RecordedAt));

    public static async Task<Contribution?> FindByReceiptAsync(DbTransaction transaction, Receipt receipt) =>
        (await transaction.Connection!.QuerySingleOrDefaultAsync<ContributionRow>(
            $"{Select} WHERE receipt = @Value;", new { receipt.Value }, transaction))?.ToContribution();

    /// <summary>Appends a payment; the unique receipt column refuses a second insert of the same receipt.</summary>
    public static async Task<Contribution> InsertAsync(
        DbTransaction transaction, long chamaId, long? roundId, long memberId, Fund fund, Money amount, Receipt receipt, DateTimeOffset at, long? paymentRequestId = null)
    {
        await WriteScope.EnterChamaAsync(transaction, chamaId);
        var id = await transaction.Connection!.ExecuteScalarAsync<long>(
            """
            INSERT INTO contributions (chama_id, round_id, member_id, fund, amount_minor, currency, receipt, recorded_at, payment_request_id)
            VALUES (@chamaId, @roundId, @memberId, @Fund, @Minor, @Currency, @Receipt, @At, @paymentRequestId) RETURNING id;
            """,
            new { chamaId, roundId, memberId, Fund = fund.ToString(), amount.Minor, amount.Currency, Receipt = receipt.Value, At = at.ToUnixTimeMilliseconds(), paymentRequestId },
            transaction);
        return new Contribution(id, chamaId, roundId, memberId, fund, amount, receipt, at);
    }
}

internal class PotMovementRow
{
    public long MemberId { get; init; }
    public string Kind { get; init; } = "";
    public long AmountMinor { get; init; }

    public PotEntry ToEntry(string currency) => new(MemberId, Enum.Parse<PotEntryKind>(Kind), new Money(AmountMinor, currency));
}

internal sealed class PotMovementWithRoundRow : PotMovementRow
{
    public long RoundId { get; init; }
}
