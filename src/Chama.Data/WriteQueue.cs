using System.Data.Common;
using System.Threading.Channels;

namespace Chama.Data;

/// <summary>
/// The single writer of a SQLite file. Writes queue up and one loop drains them: all writes waiting at that moment share
/// one transaction (one fsync for many callbacks), each inside its own savepoint so that a refused write rolls back
/// alone. A caller is answered only after the commit. The provider opens the write transaction, which takes the file's
/// write lock, flushed to disk at its commit unless every write in the batch is <see cref="Durability.Deferred"/>. A
/// database that fails under a write (disk full, I/O error) fails the whole batch: the transaction may already be
/// rolled back, and no write in it is kept.
/// </summary>
internal sealed class WriteQueue : IAsyncDisposable
{
    private const int MaxBatch = 64;
    private readonly Channel<WriteJob> jobs = Channel.CreateUnbounded<WriteJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, Task<DbConnection>> open;
    private readonly Func<DbConnection, Durability, Task<DbTransaction>> begin;
    private readonly Task loop;

    public WriteQueue(Func<CancellationToken, Task<DbConnection>> open, Func<DbConnection, Durability, Task<DbTransaction>> begin)
    {
        this.open = open;
        this.begin = begin;
        loop = Task.Run(RunAsync);
    }

    public Task<T> EnqueueAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, Durability durability, CancellationToken cancellationToken)
    {
        var job = new WriteJob<T>(work, durability, cancellationToken);
        if (!jobs.Writer.TryWrite(job))
        {
            throw new ObjectDisposedException(nameof(WriteQueue), "The database is shutting down.");
        }

        return job.Result;
    }

    public async ValueTask DisposeAsync()
    {
        jobs.Writer.TryComplete();
        await loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteJob>(MaxBatch);
        while (await jobs.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && jobs.Reader.TryRead(out var job))
            {
                if (!job.IsCancelled)
                {
                    batch.Add(job);
                }
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
            }
        }
    }

    private async Task CommitAsync(List<WriteJob> batch)
    {
        var done = new List<WriteJob>(batch.Count);
        try
        {
            await using var connection = await open(CancellationToken.None);
            // The write lock is taken up front, so reads inside the transaction see final state.
            var durability = batch.All(j => j.Durability == Durability.Deferred) ? Durability.Deferred : Durability.Flushed;
            await using var transaction = await begin(connection, durability);
            foreach (var job in batch)
            {
                transaction.Save("job");
                try
                {
                    await job.RunAsync(connection, transaction);
                    transaction.Release("job");
                    done.Add(job);
                }
#pragma warning disable CA1031 // A refused write is handed to its caller; the batch goes on.
                catch (Exception refused) when (!DatabaseUnavailable.Is(refused))
#pragma warning restore CA1031
                {
                    transaction.Rollback("job");
                    transaction.Release("job");
                    job.Fail(refused);
                }
                finally
                {
                    WriteScope.Leave(transaction);
                }
            }

            transaction.Commit();
        }
#pragma warning disable CA1031 // The commit failed: every write in it failed, and each caller hears why.
        catch (Exception failed)
#pragma warning restore CA1031
        {
            foreach (var job in done)
            {
                job.Fail(failed);
            }

            foreach (var job in batch.Where(j => !j.IsFinished))
            {
                job.Fail(failed);
            }

            return;
        }

        foreach (var job in done)
        {
            job.Complete();
        }
    }

    private abstract class WriteJob(Durability durability)
    {
        public Durability Durability { get; } = durability;

        public abstract bool IsCancelled { get; }

        public abstract bool IsFinished { get; }

        public abstract Task RunAsync(DbConnection connection, DbTransaction transaction);

        public abstract void Complete();

        public abstract void Fail(Exception error);
    }

    private sealed class WriteJob<T>(Func<DbConnection, DbTransaction, Task<T>> work, Durability durability, CancellationToken cancellationToken) : WriteJob(durability)
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? value;

        public Task<T> Result => completion.Task;

        public override bool IsCancelled => cancellationToken.IsCancellationRequested && completion.TrySetCanceled(cancellationToken);

        public override bool IsFinished => completion.Task.IsCompleted;

        public override async Task RunAsync(DbConnection connection, DbTransaction transaction) =>
            value = await work(connection, transaction);

        public override void Complete() => completion.TrySetResult(value!);

        public override void Fail(Exception error) => completion.TrySetException(error);
    }
}
