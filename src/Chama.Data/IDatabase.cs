using System.Data.Common;

namespace Chama.Data;

/// <summary>
/// The one seam between the stores and a database engine. Stores write their SQL against <see cref="DbConnection"/>;
/// a provider decides how connections are opened and how writers are kept from colliding.
/// </summary>
public interface IDatabase
{
    /// <summary>Runs <paramref name="work"/> on a consistent snapshot.</summary>
    Task<T> ReadAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and returns only after it has been committed durably.
    /// If <paramref name="work"/> throws, none of its changes are kept.
    /// </summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>Applies any migrations not yet recorded.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>True when the database answers a trivial query.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken = default);
}
