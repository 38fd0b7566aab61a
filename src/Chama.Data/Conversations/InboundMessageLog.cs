using System.Data.Common;
using Chama.Core;
using Dapper;

namespace Chama.Data.Conversations;

/// <summary>A provider's message this host has claimed in the <see cref="InboundMessageLog"/> and is answering.</summary>
public sealed record ClaimedInbound(string Provider, string MessageId);

/// <summary>
/// Providers retry deliveries (Twilio after a slow answer). The first delivery of a message id claims it; a retry is
/// told it was seen and gets the reply stored for it, so the bot never acts twice on one message.
/// </summary>
public sealed class InboundMessageLog(IDatabase database, TimeProvider clock)
{
    /// <summary>True when this delivery is the first; otherwise false and the stored reply (null while still being handled).</summary>
    /// <remarks>The claim also notes that the sender's WhatsApp window is open: one commit for both.</remarks>
    public Task<(bool Claimed, string? Reply)> TryClaimAsync(string provider, string messageId, PhoneNumber sender, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var inserted = await connection.ExecuteAsync(
                    "INSERT INTO inbound_messages (provider, message_id, received_at) VALUES (@provider, @messageId, @now) ON CONFLICT DO NOTHING;",
                    new { provider, messageId, now },
                    transaction);
                if (inserted == 1)
                {
                    await Outbox.DeliveryStatuses.RecordInboundAsync(transaction, sender, now);
                    return (true, (string?)null);
                }

                var reply = await connection.QuerySingleOrDefaultAsync<string?>(
                    "SELECT reply FROM inbound_messages WHERE provider = @provider AND message_id = @messageId;", new { provider, messageId }, transaction);
                return (false, reply);
            },
            cancellationToken);
    }

    /// <summary>
    /// Keeps the reply for retries of a claimed message, inside the caller's write (the session's save: see
    /// <see cref="SessionStore.SaveAsync"/>).
    /// </summary>
    internal static Task<int> SaveReplyAsync(DbTransaction transaction, ClaimedInbound message, string reply) =>
        transaction.Connection!.ExecuteAsync(
            "UPDATE inbound_messages SET reply = @reply WHERE provider = @Provider AND message_id = @MessageId;",
            new { message.Provider, message.MessageId, reply },
            transaction);
}
