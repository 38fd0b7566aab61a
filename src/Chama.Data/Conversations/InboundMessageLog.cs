using System.Data.Common;
using Chama.Core;
using Dapper;

namespace Chama.Data.Conversations;

/// <summary>A provider's message this host has claimed in the <see cref="InboundMessageLog"/> and is answering.</summary>
public sealed record ClaimedInbound(string Provider, string MessageId);

/// <summary>
/// Providers retry deliveries (Twilio after a slow answer). The first delivery of a message id claims it; a retry is
/// told it was seen and gets the reply stored for it, so the bot never acts twice on one message. A claim left without
/// an answer, because the database failed or the host died mid-answer, is released or taken over, so that the
/// retry is answered; the step's actions are keyed by the message id, so acting again on it changes nothing twice.
/// </summary>
public sealed class InboundMessageLog(IDatabase database, TimeProvider clock)
{
    /// <summary>
    /// A claim whose answer was never kept (the host died while answering) is abandoned after this long, and a retry of
    /// the message takes it over. An answer takes milliseconds and providers give up on it after 15 s, so a claim this
    /// old is not still being answered.
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    /// <summary>True when this delivery is the first; otherwise false and the stored reply (null while still being handled).</summary>
    /// <remarks>
    /// The claim also notes that the sender's WhatsApp window is open: one commit for both. It does not wait for the disk:
    /// whatever the step then changes is committed durably after it, which keeps the claim too, and a claim lost in a
    /// power cut with nothing after it only lets the provider's retry be answered afresh.
    /// </remarks>
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

                var abandoned = now - (long)AbandonedAfter.TotalMilliseconds;
                var takenOver = await connection.ExecuteAsync(
                    "UPDATE inbound_messages SET received_at = @now WHERE provider = @provider AND message_id = @messageId AND reply IS NULL AND received_at <= @abandoned;",
                    new { provider, messageId, now, abandoned },
                    transaction);
                if (takenOver == 1)
                {
                    return (true, (string?)null);
                }

                var reply = await connection.QuerySingleOrDefaultAsync<string?>(
                    "SELECT reply FROM inbound_messages WHERE provider = @provider AND message_id = @messageId;", new { provider, messageId }, transaction);
                return (false, reply);
            },
            Durability.Deferred,
            cancellationToken);
    }

    /// <summary>
    /// Gives up a claim whose answer could not be kept (the database failed while answering), so that the provider's
    /// retry is answered afresh instead of being told the message was seen. A claim already answered is kept.
    /// </summary>
    public Task ReleaseAsync(ClaimedInbound message, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                "DELETE FROM inbound_messages WHERE provider = @Provider AND message_id = @MessageId AND reply IS NULL;",
                new { message.Provider, message.MessageId },
                transaction),
            cancellationToken);

    /// <summary>
    /// Keeps the reply for retries of a claimed message answered without a session (a stranger's, or one that is not
    /// text); deferred when that answer changed nothing else (<see cref="StepWrites"/>).
    /// </summary>
    public Task AnswerAsync(ClaimedInbound message, string reply, Durability durability, CancellationToken cancellationToken = default) =>
        database.WriteAsync((_, transaction) => SaveReplyAsync(transaction, message, reply), durability, cancellationToken);

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
