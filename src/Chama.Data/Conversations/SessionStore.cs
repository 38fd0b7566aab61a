using Chama.Core;
using Chama.Data.Chamas;
using Dapper;

namespace Chama.Data.Conversations;

/// <summary>A conversation's persisted state: which member, which flow and step, and what the member has entered so far.</summary>
public sealed class StoredSession
{
    public string Channel { get; init; } = "";
    public string SessionKey { get; init; } = "";

    /// <summary>The phone the session belongs to (E.164): part of its key, so no other phone reads or continues it.</summary>
    public string Phone { get; init; } = "";
    public long? MemberId { get; set; }
    public string? Flow { get; set; }
    public string? State { get; set; }
    public string Data { get; set; } = "{}";
    public string? LastInput { get; set; }
    public string? LastReply { get; set; }
    public bool LastReplyEnds { get; set; }
    public long UpdatedAt { get; set; }
}

/// <summary>
/// Conversation sessions, keyed by channel, session key and phone, so any host instance can continue any session and a
/// session key re-posted from another phone finds nothing.
/// </summary>
public sealed class SessionStore(IDatabase database)
{
    private const string Columns = "channel, session_key, phone, member_id, flow, state, data, last_input, last_reply, last_reply_ends, updated_at";

    /// <summary>
    /// What a conversation needs before it can answer: its session (null when new) and every active membership of the
    /// phone, read together from one snapshot.
    /// </summary>
    public Task<(StoredSession? Session, IReadOnlyList<Member> Memberships)> FindWithMembershipsAsync(
        string channel, string sessionKey, PhoneNumber phone, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (connection, transaction) =>
            {
                var session = await connection.QuerySingleOrDefaultAsync<StoredSession>(
                    $"SELECT {Columns} FROM conversation_sessions WHERE channel = @channel AND session_key = @sessionKey AND phone = @phone;",
                    new { channel, sessionKey, phone = phone.E164 },
                    transaction);
                return (session, await ChamaStore.FindMembershipsAsync(transaction, phone));
            },
            cancellationToken);

    /// <summary>
    /// Saves the session. With <paramref name="answering"/>, the session's last reply is kept for that claimed message's
    /// retries in the same commit: the session moves on exactly when the answer a retry will get is stored. Committed as
    /// <paramref name="durability"/> says: <see cref="Durability.Deferred"/> for a step that changed nothing else
    /// (<see cref="StepWrites"/>), whose loss in a power cut the member repairs by asking again.
    /// </summary>
    public Task SaveAsync(StoredSession session, Durability durability, ClaimedInbound? answering = null, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                var saved = await connection.ExecuteAsync(
                    $"""
                    INSERT INTO conversation_sessions ({Columns})
                    VALUES (@Channel, @SessionKey, @Phone, @MemberId, @Flow, @State, @Data, @LastInput, @LastReply, @LastReplyEnds, @UpdatedAt)
                    ON CONFLICT (channel, session_key, phone) DO UPDATE SET
                        member_id = excluded.member_id, flow = excluded.flow, state = excluded.state, data = excluded.data,
                        last_input = excluded.last_input, last_reply = excluded.last_reply, last_reply_ends = excluded.last_reply_ends,
                        updated_at = excluded.updated_at;
                    """,
                    session,
                    transaction);
                if (answering is not null)
                {
                    await InboundMessageLog.SaveReplyAsync(transaction, answering, session.LastReply ?? "");
                }

                return saved;
            },
            durability,
            cancellationToken);

    /// <summary>
    /// Forgets a session the gateway has ended (Africa's Talking's end-of-session notification), in the caller's
    /// transaction: what it held is not carried into another session, and the row does not wait for the purge.
    /// </summary>
    internal static Task<int> CloseAsync(System.Data.Common.DbTransaction transaction, string channel, string sessionKey) =>
        transaction.Connection!.ExecuteAsync(
            "DELETE FROM conversation_sessions WHERE channel = @channel AND session_key = @sessionKey;",
            new { channel, sessionKey },
            transaction);

    /// <summary>Deletes the sessions of <paramref name="channel"/> last touched before <paramref name="before"/>; returns how many.</summary>
    public Task<int> PurgeAsync(string channel, DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                "DELETE FROM conversation_sessions WHERE channel = @channel AND updated_at < @before;",
                new { channel, before = before.ToUnixTimeMilliseconds() },
                transaction),
            cancellationToken);
}
