using System.Diagnostics;
using Chama.Tests;
using Dapper;
using Npgsql;

namespace Chama.Data.Tests;

/// <summary>The test run's own PostgreSQL: started once, reused, private to the loopback, never run as root.</summary>
public sealed class PrivatePostgresTests
{
    [Fact]
    public async Task The_private_cluster_started_twice_in_one_run_is_the_same_server_started_once()
    {
        var first = await PrivatePostgres.EnsureStartedAsync();
        var firstStart = await StartedAtAsync(first);

        var second = await PrivatePostgres.EnsureStartedAsync();

        Assert.Same(first, second);
        Assert.Equal(1, PrivatePostgres.Starts);
        Assert.Equal(firstStart, await StartedAtAsync(second));
    }

    [Fact]
    public async Task The_private_cluster_listens_on_the_loopback_only_and_has_the_tests_role_and_database()
    {
        var cluster = await PrivatePostgres.EnsureStartedAsync();
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);

        var (listen, database, role) = await connection.QuerySingleAsync<(string, string, string)>(
            "SELECT current_setting('listen_addresses'), current_database(), current_user;");

        Assert.Equal(("127.0.0.1", PrivatePostgres.Database, PrivatePostgres.Role), (listen, database, role));
    }

    [Fact]
    public async Task The_private_cluster_runs_as_an_unprivileged_user()
    {
        var cluster = await PrivatePostgres.EnsureStartedAsync();
        var postmaster = (await File.ReadAllLinesAsync(Path.Combine(cluster.DataFolder, "postmaster.pid")))[0];

        var uid = (await File.ReadAllLinesAsync($"/proc/{postmaster}/status")).Single(line => line.StartsWith("Uid:", StringComparison.Ordinal));

        Assert.DoesNotMatch(@"^Uid:\s+0\s", uid);
    }

    [Fact]
    public async Task A_cluster_is_stopped_and_removed_when_its_test_process_is_killed()
    {
        using var testProcess = Process.Start("sleep", "60");
        var cluster = await PrivatePostgres.StartAsync(owner: testProcess.Id);
        Assert.Equal(1, await SelectOneAsync(cluster));

        testProcess.Kill();

        await WaitUntilAsync(() => !Directory.Exists(cluster.Folder), TimeSpan.FromSeconds(20));
        await Assert.ThrowsAsync<NpgsqlException>(() => SelectOneAsync(cluster));
    }

    [Fact]
    public void Without_server_binaries_the_tests_fail_with_the_command_that_installs_them()
    {
        var empty = Directory.CreateTempSubdirectory("no-postgres-").FullName;
        try
        {
            var missing = Assert.Throws<InvalidOperationException>(() => PostgresBinaries.Find(path: empty, distributionRoot: Path.Combine(empty, "postgresql")));

            Assert.Contains(PostgresBinaries.InstallCommand, missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void The_distributions_newest_server_is_found_off_the_path()
    {
        var root = Directory.CreateTempSubdirectory("postgresql-").FullName;
        try
        {
            foreach (var version in new[] { "9.6", "15", "13" })
            {
                var bin = Directory.CreateDirectory(Path.Combine(root, version, "bin")).FullName;
                foreach (var program in new[] { "initdb", "pg_ctl", "psql" })
                {
                    File.WriteAllText(Path.Combine(bin, program), "");
                }
            }

            var found = PostgresBinaries.Find(path: "", distributionRoot: root);

            Assert.Equal(Path.Combine(root, "15", "bin", "initdb"), found.InitDb);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<int> SelectOneAsync(PrivatePostgres cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        return await connection.ExecuteScalarAsync<int>("SELECT 1;");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not so within {timeout}.");
            await Task.Delay(100);
        }
    }

    private static async Task<DateTime> StartedAtAsync(PrivatePostgres cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        return await connection.ExecuteScalarAsync<DateTime>("SELECT pg_postmaster_start_time();");
    }
}
