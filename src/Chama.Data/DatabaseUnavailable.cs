using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Chama.Data;

/// <summary>
/// The one place that decides whether a failure means "the database cannot serve us right now" (it cannot be opened,
/// the disk is full, an I/O error, another writer holds it past the busy timeout, the server is down or refusing) as
/// opposed to a fault in our own request. Such a failure rolls the write back and is answered 503, so that the
/// provider retries later; the database's unique keys make the retry count once.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>How long a caller is asked to wait before retrying.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>SQLite's primary result codes for a database that is busy, cannot be opened, written or read.</summary>
    private static readonly int[] SqliteCodes =
    [
        5,  // SQLITE_BUSY: another writer held the lock past the busy timeout
        8,  // SQLITE_READONLY: the file or its folder cannot be written
        10, // SQLITE_IOERR: the disk or file system failed a read or write
        13, // SQLITE_FULL: the disk (or the database's size cap) is full
        14, // SQLITE_CANTOPEN: the file or its folder is gone or inaccessible
    ];

    /// <summary>
    /// SQLSTATE classes of a server that is unreachable or refusing work: 08 connection exception, 53 insufficient
    /// resources (disk full, out of memory, too many connections), 57 operator intervention (shutdown, admin shutdown).
    /// </summary>
    private static readonly string[] SqlStateClasses = ["08", "53", "57"];

    /// <summary>True when <paramref name="error"/>, or any exception inside it, says the database is unavailable.</summary>
    public static bool Is(Exception? error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(Is))
            {
                return true;
            }

            if (current is DbException database && IsUnavailable(database))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnavailable(DbException error) => error switch
    {
        SqliteException sqlite => SqliteCodes.Contains(sqlite.SqliteErrorCode),
        // A server's own error carries its SQLSTATE (Npgsql's PostgresException does). A provider's exception without
        // one failed before the server answered (refused or dropped connection, timeout): transient by the provider's word.
        { SqlState: { Length: 5 } state } => SqlStateClasses.Contains(state[..2], StringComparer.Ordinal),
        _ => error.IsTransient,
    };
}
