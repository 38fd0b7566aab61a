using System.Data.Common;
using Dapper;

namespace Chama.Bot.Tests;

/// <summary>Writes money into the demo chama's 'Savings' or 'Loan' fund straight into the ledger, for tests of what is done with it.</summary>
public static class SavingsRows
{
    public static async Task<long> ContributionAsync(BotFactory factory, long chamaId, long memberId, string fund, long minor, string receipt)
    {
        await using var connection = factory.Storage.Connect();
        return await ContributionAsync(connection, chamaId, memberId, fund, minor, receipt);
    }

    public static Task<long> ContributionAsync(DbConnection connection, long chamaId, long memberId, string fund, long minor, string receipt) =>
        connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO contributions (chama_id, round_id, member_id, fund, amount_minor, currency, receipt, recorded_at)
            VALUES (@chamaId, NULL, @memberId, @fund, @minor, 'KES', @receipt, 1) RETURNING id;
            """,
            new { chamaId, memberId, fund, minor, receipt });
}
