using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;

namespace Chama.Data;

/// <summary>
/// What a write transaction changes, declared before its first read-then-write step. A write of a chama's money or
/// state enters that chama first: on PostgreSQL this waits for the chama's other writers (of every host) and holds
/// them off until the commit, so the stores' checks (is this receipt recorded? has this officer voted?) stay atomic
/// without retries, while writes of other chamas run beside it. On SQLite one writer already serialises everything,
/// and entering only records the chama. A transaction enters one chama at most — the shape a database sharded by
/// <c>chama_id</c> needs (docs/scaling.md) — and entering a second is refused.
/// </summary>
public static class WriteScope
{
    /// <summary>The PostgreSQL setting that names the entered chama, for the database's own checks of every write.</summary>
    public const string ChamaSetting = "chama.write_chama";

    private static readonly ConditionalWeakTable<DbTransaction, StrongBox<long>> Entered = [];

    /// <summary>Enters <paramref name="chamaId"/> in <paramref name="transaction"/>; entering it again changes nothing.</summary>
    /// <exception cref="WriteSpansChamasException">The transaction has already entered another chama.</exception>
    public static async Task EnterChamaAsync(DbTransaction transaction, long chamaId)
    {
        if (Entered.TryGetValue(transaction, out var entered))
        {
            if (entered.Value != chamaId)
            {
                throw new WriteSpansChamasException(entered.Value, chamaId);
            }

            return;
        }

        Entered.Add(transaction, new StrongBox<long>(chamaId));
        if (transaction.Connection is NpgsqlConnection connection)
        {
            // The two-key form keeps chamas' locks apart from the named locks below; the first key is the database and
            // schema as the server resolves them, so every host writing to the same tables takes the same lock.
            await connection.ExecuteAsync(
                $"SELECT pg_advisory_xact_lock(hashtext('chama/' || current_database() || '/' || current_schema()), @chama), set_config('{ChamaSetting}', @name, true);",
                new { chama = checked((int)chamaId), name = chamaId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                transaction);
        }
    }

    /// <summary>
    /// Serialises, across every host, the writes of one thing that belongs to no chama and has no row to claim yet: the
    /// schema's migrations, and one phone's sign-in limits (counts of rows still to be inserted). Held until the commit;
    /// on SQLite the single writer already does it.
    /// </summary>
    public static Task LockAsync(DbTransaction transaction, string name) =>
        transaction.Connection is NpgsqlConnection connection
            ? connection.ExecuteAsync(
                "SELECT pg_advisory_xact_lock(hashtextextended('chama-lock/' || current_database() || '/' || current_schema() || '/' || @name, 0));",
                new { name },
                transaction)
            : Task.CompletedTask;

    /// <summary>
    /// Forgets what a finished write entered. SQLite's writer runs many writes in one transaction, each in its own
    /// savepoint, and each may enter its own chama.
    /// </summary>
    internal static void Leave(DbTransaction transaction) => Entered.Remove(transaction);
}

/// <summary>A write transaction tried to change two chamas: every write touches one, so that chamas can live apart.</summary>
public sealed class WriteSpansChamasException(long first, long second)
    : InvalidOperationException($"A write transaction entered chama {first} and then chama {second}; a write changes one chama.")
{
    public long First { get; } = first;

    public long Second { get; } = second;
}
