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
    /// If <paramref name="work"/> throws, none of its changes are kept. A write of a chama's rows enters that chama
    /// first (<see cref="WriteScope.EnterChamaAsync"/>).
    /// </summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction committed as <paramref name="durability"/> says: state that is
    /// not money (a conversation's step) need not wait for the disk.
    /// </summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, Durability durability, CancellationToken cancellationToken = default);

    /// <summary>Applies any migrations not yet recorded.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>True when the database answers a trivial query.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken = default);
}

/// <summary>When a write's caller is answered.</summary>
public enum Durability
{
    /// <summary>After the commit is on disk: a power cut a moment later keeps it. Every change of money.</summary>
    Flushed,

    /// <summary>
    /// After the commit, without waiting for the disk: a power cut in the next moment may lose it (never half of it),
    /// and a later flushed commit keeps it. Only for state a member can repeat, such as a conversation's step.
    /// </summary>
    Deferred,
}
