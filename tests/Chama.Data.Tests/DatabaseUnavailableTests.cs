using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Chama.Data.Tests;

/// <summary>Which database failures are "unavailable" (503, retry later) and which are our own faults.</summary>
public sealed class DatabaseUnavailableTests
{
    [Theory]
    [InlineData(5)]  // busy past the timeout
    [InlineData(8)]  // read-only
    [InlineData(10)] // I/O error
    [InlineData(13)] // full
    [InlineData(14)] // cannot open
    public void SQLite_failures_of_the_disk_or_the_file_are_unavailability(int code) =>
        Assert.True(DatabaseUnavailable.Is(new InvalidOperationException("wrapped", new SqliteException("failed", code))));

    [Theory]
    [InlineData(19)] // constraint: a duplicate is our idempotency at work, not an outage
    [InlineData(1)]  // SQL error: a bug
    public void SQLite_constraint_and_SQL_errors_are_not(int code) =>
        Assert.False(DatabaseUnavailable.Is(new SqliteException("failed", code)));

    [Theory]
    [InlineData("08006", true)]  // connection failure
    [InlineData("53100", true)]  // disk full
    [InlineData("57P01", true)]  // admin shutdown
    [InlineData("23505", false)] // unique violation
    [InlineData("40001", false)] // serialization failure: retried by the code, not the provider
    public void A_server_error_is_judged_by_its_SQLSTATE_class(string sqlState, bool unavailable) =>
        Assert.Equal(unavailable, DatabaseUnavailable.Is(new ServerError(sqlState, transient: true)));

    [Fact]
    public void A_provider_failure_without_a_SQLSTATE_is_unavailability_when_the_provider_calls_it_transient()
    {
        Assert.True(DatabaseUnavailable.Is(new ServerError(null, transient: true)));
        Assert.False(DatabaseUnavailable.Is(new ServerError(null, transient: false)));
        Assert.False(DatabaseUnavailable.Is(new InvalidOperationException("not a database")));
    }

    /// <summary>The shape of Npgsql's exceptions: a SQLSTATE when the server answered, IsTransient when it could not.</summary>
    private sealed class ServerError(string? sqlState, bool transient) : DbException("server error")
    {
        public override string? SqlState => sqlState;

        public override bool IsTransient => transient;
    }
}
