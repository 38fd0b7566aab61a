using System.Data.Common;
using Chama.Core;
using Dapper;

namespace Chama.Data.Outbox;

/// <summary>
/// A message the bot sends first (a receipt, a notice to officers). <paramref name="Template"/> and
/// <paramref name="VariablesJson"/> (positional, <c>{"1":"…"}</c>) let it go out as an approved WhatsApp template when the
/// member's 24-hour window is shut.
/// </summary>
public sealed record OutboundMessage(
    string IdempotencyKey, long? ChamaId, long? MemberId, PhoneNumber Phone, string Body, string? Template = null, string? VariablesJson = null)
{
    /// <summary>
    /// Twilio's Content variables for <paramref name="values"/>, in order: <c>{"1":"…","2":"…"}</c>. An empty value is
    /// sent as "-", because Twilio refuses an empty variable.
    /// </summary>
    public static string Positional(params string[] values) =>
        System.Text.Json.JsonSerializer.Serialize(values
            .Select((value, i) => (Key: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Value: value.Length > 0 ? value : "-"))
            .ToDictionary(p => p.Key, p => p.Value));
}

public sealed record QueuedMessage(long Id, string IdempotencyKey, string Phone, string Body, DateTimeOffset CreatedAt);

/// <summary>
/// Every outbound message is first written here under an idempotency key (<c>receipt:&lt;receipt&gt;</c>), so it is
/// queued once however often the event behind it is replayed.
/// </summary>
public sealed class Outbox(IDatabase database, TimeProvider clock)
{
    /// <summary>Queues the message; true when it is new, false when its key was already queued.</summary>
    public Task<bool> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync((_, transaction) => EnqueueAsync(transaction, message, now), cancellationToken);
    }

    /// <summary>Queues every message in one write; returns how many were new.</summary>
    public Task<int> EnqueueAllAsync(IReadOnlyCollection<OutboundMessage> messages, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (_, transaction) =>
            {
                var added = 0;
                foreach (var message in messages)
                {
                    added += await EnqueueAsync(transaction, message, now) ? 1 : 0;
                }

                return added;
            },
            cancellationToken);
    }

    /// <summary>The idempotency keys already queued that match a SQL <c>LIKE</c> pattern (<c>reminder:%:2026-01-31</c>).</summary>
    public Task<IReadOnlyCollection<string>> KeysLikeAsync(string pattern, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyCollection<string>>(
            async (connection, transaction) => (await connection.QueryAsync<string>(
                "SELECT idempotency_key FROM outbound_messages WHERE idempotency_key LIKE @pattern;", new { pattern }, transaction)).ToHashSet(StringComparer.Ordinal),
            cancellationToken);

    /// <summary>Queues every message (none when null) inside the caller's transaction.</summary>
    internal static async Task EnqueueAllAsync(DbTransaction transaction, IEnumerable<OutboundMessage>? messages, DateTimeOffset now)
    {
        foreach (var message in messages ?? [])
        {
            await EnqueueAsync(transaction, message, now);
        }
    }

    /// <summary>Queues inside the caller's transaction, so the message exists exactly when the change it tells of does.</summary>
    internal static async Task<bool> EnqueueAsync(DbTransaction transaction, OutboundMessage message, DateTimeOffset now) =>
        await transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO outbound_messages (idempotency_key, chama_id, member_id, phone, body, template, variables_json, created_at)
            VALUES (@IdempotencyKey, @ChamaId, @MemberId, @Phone, @Body, @Template, @VariablesJson, @At) ON CONFLICT (idempotency_key) DO NOTHING;
            """,
            new
            {
                message.IdempotencyKey, message.ChamaId, message.MemberId, Phone = message.Phone.E164, message.Body, message.Template, message.VariablesJson,
                At = now.ToUnixTimeMilliseconds(),
            },
            transaction) == 1;

    /// <summary>Messages queued for a phone after the given id, oldest first.</summary>
    public Task<IReadOnlyList<QueuedMessage>> ListForPhoneAsync(PhoneNumber phone, long afterId = 0, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<QueuedMessage>>(
            async (connection, transaction) => (await connection.QueryAsync<(long Id, string Key, string Phone, string Body, long CreatedAt)>(
                    "SELECT id, idempotency_key, phone, body, created_at FROM outbound_messages WHERE phone = @Phone AND id > @afterId ORDER BY id;",
                    new { Phone = phone.E164, afterId },
                    transaction))
                .Select(r => new QueuedMessage(r.Id, r.Key, r.Phone, r.Body, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt)))
                .ToList(),
            cancellationToken);
}
