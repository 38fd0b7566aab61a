using System.Data.Common;
using Npgsql;

namespace Chama.Data;

/// <summary>The few statements the engines spell differently. Everything else in the stores is written once for both.</summary>
internal static class SqlDialect
{
    /// <summary>
    /// Checks foreign keys at commit instead of at each statement, for the rest of the transaction. On PostgreSQL only
    /// the constraints declared DEFERRABLE move (rounds.recipient_member_id); every other stays immediate.
    /// </summary>
    public static string DeferForeignKeys(DbConnection connection) =>
        connection is NpgsqlConnection ? "SET CONSTRAINTS ALL DEFERRED;" : "PRAGMA defer_foreign_keys = ON;";

    /// <summary>
    /// Ends a claim's subquery: on PostgreSQL the rows it picks are locked and rows another claim holds are skipped, so
    /// claims running at once take different rows instead of queueing behind each other. SQLite's single writer already
    /// runs claims one at a time and has no row locks.
    /// </summary>
    public static string SkipLocked(DbConnection connection) =>
        connection is NpgsqlConnection ? " FOR UPDATE SKIP LOCKED" : "";
}
