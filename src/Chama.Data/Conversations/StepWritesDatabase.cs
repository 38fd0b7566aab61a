using System.Data.Common;

namespace Chama.Data.Conversations;

/// <summary>
/// The host's database, noting each durable write on the conversation step that makes it (<see cref="StepWrites"/>);
/// everything else passes straight through.
/// </summary>
public sealed class StepWritesDatabase(IDatabase inner) : IDatabase, IAsyncDisposable
{
    public Task<T> ReadAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(work, cancellationToken);

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        StepWrites.NoteDurableWrite();
        return inner.WriteAsync(work, cancellationToken);
    }

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, Durability durability, CancellationToken cancellationToken = default)
    {
        if (durability == Durability.Flushed)
        {
            StepWrites.NoteDurableWrite();
        }

        return inner.WriteAsync(work, durability, cancellationToken);
    }

    public Task MigrateAsync(CancellationToken cancellationToken = default) => inner.MigrateAsync(cancellationToken);

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken = default) => inner.IsReadyAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
}
