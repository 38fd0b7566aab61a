using System.Data.Common;
using Chama.Data;

namespace Chama.Tests;

/// <summary>
/// The tests' own writes of a chama's rows, made the way a store makes them: the transaction enters the chama first
/// (<see cref="WriteScope.EnterChamaAsync"/>), so PostgreSQL's write guard (<see cref="ChamaWriteGuard"/>) lets them through.
/// </summary>
public static class ChamaSeeding
{
    /// <summary>Runs <paramref name="work"/> in a write transaction that has entered <paramref name="chamaId"/>.</summary>
    public static Task<T> WriteInChamaAsync<T>(this IDatabase database, long chamaId, Func<DbConnection, DbTransaction, Task<T>> work) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await WriteScope.EnterChamaAsync(transaction, chamaId);
            return await work(connection, transaction);
        });
}
