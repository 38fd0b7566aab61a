using System.Data.Common;
using Chama.Core;
using Dapper;

namespace Chama.Data.Chamas;

/// <summary>
/// The doors that change who the officers are or how many must approve (a quorum change, an officer's role removed, an
/// officer's exit) ask this, inside their own transaction, before they write: a state in which some payout could not
/// reach its quorum is refused (<see cref="QuorumReach"/>), and nothing is written.
/// </summary>
internal static class QuorumGuard
{
    /// <summary>
    /// Refuses the chama's members after <paramref name="change"/> (the members as they would be) under
    /// <paramref name="approvalsRequired"/> (the quorum in force when null).
    /// </summary>
    public static async Task EnsureReachableAsync(DbTransaction transaction, long chamaId, Func<IReadOnlyList<Member>, IEnumerable<Member>> change, int? approvalsRequired = null)
    {
        var connection = transaction.Connection!;
        var members = (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @chamaId AND active = 1;", new { chamaId }, transaction))
            .Select(r => r.ToMember()).ToList();
        var quorum = approvalsRequired
            ?? (int)(await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction)).ApprovalsRequired;
        QuorumReach.Ensure(change(members), quorum);
    }

    /// <summary>The same, for a quorum changed with the members as they are.</summary>
    public static Task EnsureReachableAsync(DbTransaction transaction, long chamaId, int approvalsRequired) =>
        EnsureReachableAsync(transaction, chamaId, members => members, approvalsRequired);
}
