using System.Data.Common;
using Chama.Core;
using Dapper;

namespace Chama.Data;

/// <summary>Appends who did what, through which channel, and when; always inside the transaction of the change itself.</summary>
internal static class Audit
{
    /// <summary>
    /// A chama's line is part of that chama's write: entering it again is free, and a write that had entered another
    /// chama is refused here rather than leaving a line in the wrong chama's trail.
    /// </summary>
    public static async Task RecordAsync(DbTransaction transaction, long? chamaId, Actor actor, string action, string subject, DateTimeOffset at)
    {
        if (chamaId is { } chama)
        {
            await WriteScope.EnterChamaAsync(transaction, chama);
        }

        await transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO audit_log (chama_id, actor_member_id, channel, action, subject, at)
            VALUES (@ChamaId, @MemberId, @Channel, @Action, @Subject, @At);
            """,
            new { ChamaId = chamaId, actor.MemberId, actor.Channel, Action = action, Subject = subject, At = at.ToUnixTimeMilliseconds() },
            transaction);
    }
}
