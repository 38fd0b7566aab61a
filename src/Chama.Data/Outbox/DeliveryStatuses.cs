using Chama.Core;
using Dapper;

namespace Chama.Data.Outbox;

/// <summary>Twilio's delivery reports and the WhatsApp window they depend on.</summary>
public sealed class DeliveryStatuses(IDatabase database, TimeProvider clock)
{
    /// <summary>Records a status callback; a repeat of the same (MessageSid, status) is ignored. True when new.</summary>
    public Task<bool> RecordAsync(DeliveryStatus status, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) => await connection.ExecuteAsync(
                """
                INSERT INTO outbound_status (message_sid, status, error_code, outbox_id, at) VALUES (@MessageSid, @Status, @ErrorCode, @OutboxId, @now)
                ON CONFLICT (message_sid, status) DO NOTHING;
                """,
                new { status.MessageSid, status.Status, status.ErrorCode, status.OutboxId, now },
                transaction) == 1,
            cancellationToken);
    }

    /// <summary>Every status recorded for a message, oldest first.</summary>
    public Task<IReadOnlyList<DeliveryStatus>> ListAsync(string messageSid, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<DeliveryStatus>>(
            async (connection, transaction) => (await connection.QueryAsync<(string Sid, string Status, long? ErrorCode, long? OutboxId)>(
                    "SELECT message_sid, status, error_code, outbox_id FROM outbound_status WHERE message_sid = @messageSid ORDER BY id;", new { messageSid }, transaction))
                .Select(r => new DeliveryStatus(r.Sid, r.Status, (int?)r.ErrorCode, r.OutboxId))
                .ToList(),
            cancellationToken);

    /// <summary>A member wrote on WhatsApp: the 24-hour window for free-form messages to that phone opens again.</summary>
    internal static Task RecordInboundAsync(System.Data.Common.DbTransaction transaction, PhoneNumber phone, long now) =>
        transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO whatsapp_windows (phone, last_inbound_at) VALUES (@Phone, @now)
            ON CONFLICT (phone) DO UPDATE SET last_inbound_at = CASE WHEN excluded.last_inbound_at > whatsapp_windows.last_inbound_at
                THEN excluded.last_inbound_at ELSE whatsapp_windows.last_inbound_at END;
            """,
            new { Phone = phone.E164, now },
            transaction);

    /// <summary>When the phone last wrote on WhatsApp, or null if never.</summary>
    public Task<DateTimeOffset?> LastInboundAsync(string phone, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (connection, transaction) => await connection.QuerySingleOrDefaultAsync<long?>(
                "SELECT last_inbound_at FROM whatsapp_windows WHERE phone = @phone;", new { phone }, transaction) is { } at
                ? DateTimeOffset.FromUnixTimeMilliseconds(at)
                : (DateTimeOffset?)null,
            cancellationToken);
}
