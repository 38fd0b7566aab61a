using Chama.Data.Conversations;
using Dapper;

namespace Chama.Data.Ussd;

/// <summary>
/// What Africa's Talking reports when a USSD session ends. Deliberately without the session's <c>input</c> and our
/// <c>lastAppResponse</c>: the input repeats every key the member pressed, a PIN included.
/// </summary>
public sealed record UssdSessionEnd(
    string SessionId,
    string Phone,
    string ServiceCode,
    string NetworkCode,
    string Status,
    long? DurationMs,
    long? Hops,
    string? ErrorMessage,
    string? Cost,
    string ReportedAt);

/// <summary>Records end-of-session notifications, once per session, and closes the session's conversation state with it.</summary>
public sealed class UssdSessionEnds(IDatabase database, TimeProvider clock)
{
    /// <summary>The channel name USSD sessions are kept under in <c>conversation_sessions</c>.</summary>
    public const string Channel = "ussd";

    /// <summary>Keeps <paramref name="end"/> (a repeat of the same session's is ignored) and deletes that session's state, in one commit.</summary>
    public Task<bool> RecordAsync(UssdSessionEnd end, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var inserted = await connection.ExecuteAsync(
                    """
                    INSERT INTO ussd_session_ends
                        (session_id, phone, service_code, network_code, status, duration_ms, hops, error_message, cost, reported_at, received_at)
                    VALUES (@SessionId, @Phone, @ServiceCode, @NetworkCode, @Status, @DurationMs, @Hops, @ErrorMessage, @Cost, @ReportedAt, @now)
                    ON CONFLICT (session_id) DO NOTHING;
                    """,
                    new { end.SessionId, end.Phone, end.ServiceCode, end.NetworkCode, end.Status, end.DurationMs, end.Hops, end.ErrorMessage, end.Cost, end.ReportedAt, now },
                    transaction);
                await SessionStore.CloseAsync(transaction, Channel, end.SessionId);
                return inserted == 1;
            },
            cancellationToken);
    }
}
