using Dapper;

namespace Chama.Data.Dashboard;

/// <summary>
/// Dashboard sessions ended on the server by signing out. The cookie alone cannot be recalled (a copy of it stays
/// valid until it lapses), so sign-out lists the session here and every request checks the list. Rows outlive the
/// session's absolute end by nothing: a cookie that old is refused anyway, so they are purged then.
/// </summary>
public sealed class SignedOutSessions(IDatabase database, TimeProvider clock)
{
    /// <summary>Ends <paramref name="sessionId"/> for good; signing out twice is the same as once.</summary>
    public Task SignOutAsync(string sessionId, DateTimeOffset sessionEnds, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync("DELETE FROM dashboard_sign_outs WHERE expires_at < @now;", new { now }, transaction);
                return await connection.ExecuteAsync(
                    "INSERT INTO dashboard_sign_outs (session_id, expires_at) VALUES (@sessionId, @expires) ON CONFLICT (session_id) DO NOTHING;",
                    new { sessionId, expires = sessionEnds.ToUnixTimeMilliseconds() },
                    transaction);
            },
            cancellationToken);
    }

    public Task<bool> IsSignedOutAsync(string sessionId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (connection, transaction) => await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM dashboard_sign_outs WHERE session_id = @sessionId;", new { sessionId }, transaction) > 0,
            cancellationToken);
}
