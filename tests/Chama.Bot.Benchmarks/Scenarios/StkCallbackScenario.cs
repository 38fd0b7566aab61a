using System.Text;
using Dapper;
using Chama.Data;

namespace Chama.Bot.Benchmarks.Scenarios;

/// <summary>
/// M-Pesa STK callbacks, each a success for its own payment request with a fresh receipt: every one is a durable ledger
/// write (contribution, request settled, callback kept, receipt message queued) acknowledged only after its commit.
/// The payment requests are prepared before the run, as if their pushes had been sent, spread over every member and
/// round of the seeded chamas so that no round grows beyond what real chamas see, and dealt to the chamas in turn
/// (request n belongs to chama n mod the number of chamas), so consecutive callbacks settle in different chamas and,
/// with a thousand chamas, a thousand chamas' ledgers are written at once.
/// </summary>
internal static class StkCallbackScenario
{
    /// <summary>KES 10 a payment, so a member's round never overflows into credit however many callbacks land on it.</summary>
    private const long AmountMinor = 1_000;

    private const int MostCallbacksPerSecond = 5_000;

    public static Scenario Create(string token) => new(
        "stk",
        "M-Pesa STK success callbacks, one ledger write each, acknowledged after commit",
        n => new HttpRequestMessage(HttpMethod.Post, new Uri($"/webhooks/payments/{token}/stk", UriKind.Relative))
        {
            Content = new StringContent(Body(n), Encoding.UTF8, "application/json"),
        },
        (_, body) => body.Contains("\"ResultCode\":0", StringComparison.Ordinal));

    /// <summary>
    /// More callbacks than the fastest run could send in this long, so every callback finds its own request: a rate no
    /// STK scenario comes near on one machine (a request it cannot find would be counted as an error, never hidden).
    /// </summary>
    public static int RequestsFor(TimeSpan phases) => (int)Math.Ceiling(phases.TotalSeconds * MostCallbacksPerSecond);

    /// <summary>Inserts <paramref name="count"/> sent payment requests, checkout ids <c>ws_CO_BENCH_0</c> onwards, in one transaction.</summary>
    public static Task PrepareAsync(IDatabase database, int count) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            """
            WITH RECURSIVE
              chama_pairs AS (
                SELECT ROW_NUMBER() OVER (PARTITION BY c.chama_id ORDER BY r.id, m.id) AS turn, c.chama_id, m.id AS member_id, r.id AS round_id, m.phone
                FROM rounds r JOIN cycles c ON c.id = r.cycle_id JOIN members m ON m.chama_id = c.chama_id AND m.active = 1
                WHERE c.status = 'Active'),
              pairs AS (
                SELECT ROW_NUMBER() OVER (ORDER BY turn, chama_id) - 1 AS k, chama_id, member_id, round_id, phone FROM chama_pairs),
              total AS (SELECT COUNT(*) AS n FROM pairs),
              seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < @count)
            INSERT INTO payment_requests (request_key, chama_id, member_id, round_id, amount_minor, currency, phone, channel, status, checkout_request_id, created_at, updated_at)
            SELECT 'bench:' || i, p.chama_id, p.member_id, p.round_id, @AmountMinor, 'KES', p.phone, 'whatsapp', 'Sent', 'ws_CO_BENCH_' || i, 0, 4102444800000
            FROM seq CROSS JOIN total JOIN pairs p ON p.k = seq.i % total.n;
            """,
            new { count, AmountMinor },
            transaction));

    /// <summary>
    /// How many of the prepared requests are settled and in how many chamas: after a run, every callback sent must have
    /// settled its own request (the webhook acknowledges a callback it cannot match too, so only the ledger can tell).
    /// </summary>
    public static Task<(long Settled, long Chamas)> SettledAsync(IDatabase database) =>
        database.ReadAsync((connection, transaction) => connection.QuerySingleAsync<(long, long)>(
            "SELECT COUNT(*), COUNT(DISTINCT chama_id) FROM payment_requests WHERE request_key LIKE 'bench:%' AND status = 'Completed';",
            transaction: transaction));

    /// <summary>Daraja's success callback for request <paramref name="n"/>, with receipt <c>BN00000042</c>.</summary>
    private static string Body(long n) =>
        "{\"Body\":{\"stkCallback\":{\"MerchantRequestID\":\"bench-" + n + "\",\"CheckoutRequestID\":\"ws_CO_BENCH_" + n
        + "\",\"ResultCode\":0,\"ResultDesc\":\"The service request is processed successfully.\",\"CallbackMetadata\":{\"Item\":["
        + "{\"Name\":\"Amount\",\"Value\":10.00},{\"Name\":\"MpesaReceiptNumber\",\"Value\":\"BN" + n.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)
        + "\"},{\"Name\":\"Balance\"},{\"Name\":\"TransactionDate\",\"Value\":20260110093015},{\"Name\":\"PhoneNumber\",\"Value\":254712000001}]}}}}";
}
