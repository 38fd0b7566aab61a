using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Ledger;
using Chama.Data.Postgres;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

public abstract class StorageTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;

    protected TestDatabase Db => db;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync(engine);

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Fifty_concurrent_records_of_ten_receipts_leave_exactly_ten_contributions()
    {
        var umoja = await db.SeedUmojaAsync();
        // Ten payments (one receipt each), every one delivered five times at once, as retried callbacks arrive.
        var payments = Enumerable.Range(0, 10)
            .Select(i => umoja.Pay(umoja.Members[i % 4], 1_000 + i, $"QKJ4HT8M{i:00}"))
            .ToList();
        var deliveries = Enumerable.Range(0, 50).Select(i => payments[i % 10]).ToList();

        var results = await Task.WhenAll(deliveries.Select(p => Task.Run(() => db.Ledger.RecordAsync(p, TestDatabase.Treasurer))));

        Assert.Equal(10, await db.CountAsync("contributions"));
        Assert.Equal(10, results.Count(r => !r.AlreadyRecorded));
        Assert.Equal(10, results.Select(r => r.Contribution.Id).Distinct().Count());
        var expected = payments.Aggregate(Money.Zero(), (sum, p) => sum + p.Amount);
        Assert.Equal(expected, (await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id)).Collected);
    }

    [Fact]
    public async Task A_constitution_keeps_its_welfare_cooling_off()
    {
        var rules = Constitution.Monthly(Money.Kes(500)) with { WelfareCoolingOffHours = 6 };
        await db.Chamas.CreateChamaAsync("Jirani Welfare Group", "JIRANI", rules, TestDatabase.Treasurer);

        Assert.Equal(6, (await db.Chamas.FindChamaByCodeAsync("JIRANI"))!.Constitution.WelfareCoolingOffHours);
    }

    [Fact]
    public async Task A_constitution_keeps_its_late_fine_grace_period_and_fines_fund()
    {
        var rules = Constitution.Monthly(Money.Kes(500)) with { LateFine = Money.Kes(50), GraceDays = 5 };
        var created = await db.Chamas.CreateChamaAsync("Jirani Welfare Group", "JIRANI", rules, TestDatabase.Treasurer);

        var read = (await db.Chamas.FindChamaByCodeAsync("JIRANI"))!.Constitution;
        Assert.Equal((Money.Kes(50), 5, Fund.Welfare), (read.LateFine, read.GraceDays, read.FinesGoTo));
        Assert.Equal(created.Constitution, read);
    }

    [Fact]
    public async Task Two_databases_on_one_store_racing_the_same_receipt_count_it_once()
    {
        var umoja = await db.SeedUmojaAsync();
        await using var second = (IAsyncDisposable)db.Open();
        var secondLedger = new ContributionLedger((IDatabase)second, db.Clock);
        var payment = umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZP");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => (i % 2 == 0 ? db.Ledger : secondLedger).RecordAsync(payment, TestDatabase.Treasurer))));

        Assert.Equal(1, await db.CountAsync("contributions"));
        Assert.Single(results, r => !r.AlreadyRecorded);
    }

    [Fact]
    public async Task Reopening_the_database_gives_identical_summaries()
    {
        var umoja = await db.SeedUmojaAsync();
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Grace, 10_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Patrick, 4_000, "QKJ4HT8MZ2"), TestDatabase.Treasurer);
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 13_000, "QKJ4HT8MZ3"), TestDatabase.Treasurer);
        await db.Welfare.RecordContributionAsync(umoja.Samuel.Id, Money.Kes(500), "QKJ4HT8MW1", TestDatabase.Treasurer);
        var before = await DescribeAsync(umoja);

        await db.ReopenAsync();

        Assert.Equal(before, await DescribeAsync(umoja));
    }

    [Fact]
    public async Task Migrations_are_recorded_and_applied_once()
    {
        await db.Database.MigrateAsync();
        await db.Database.MigrateAsync();

        await using var connection = await db.ConnectAsync();
        var versions = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version;")).ToList();
        Assert.Equal(Migrator.Load(engine.ToString()).Select(m => (long)m.Version), versions);
        Assert.Equal(versions.Distinct(), versions);
    }

    [Fact]
    public async Task A_refused_write_does_not_undo_the_writes_committed_with_it()
    {
        var umoja = await db.SeedUmojaAsync();
        var good = Enumerable.Range(0, 20).Select(i => umoja.Pay(umoja.Members[i % 4], 100, $"QKJ4HT8M{i:00}")).ToList();
        var bad = Enumerable.Range(0, 20).Select(i => new ContributionRequest(999, umoja.Grace.Id, Money.Kes(100), $"QKJ4HT8B{i:00}")).ToList();

        var outcomes = await Task.WhenAll(good.Concat(bad).Select(p => Task.Run(async () =>
        {
            try
            {
                await db.Ledger.RecordAsync(p, TestDatabase.Treasurer);
                return true;
            }
            catch (ChamaException)
            {
                return false;
            }
        })));

        Assert.Equal(20, outcomes.Count(ok => ok));
        Assert.Equal(20, await db.CountAsync("contributions"));
    }

    [Fact]
    public async Task Memberships_are_found_by_phone_in_any_form()
    {
        var umoja = await db.SeedUmojaAsync();
        var other = await db.Chamas.CreateChamaAsync("Jirani Welfare Group", "JIRANI", Constitution.Monthly(Money.Kes(500)), TestDatabase.Treasurer);
        await db.Chamas.AddMemberAsync(other.Id, new NewMember("Grace W.", "+254 712 000 001", 3), TestDatabase.Treasurer);

        var memberships = await db.Chamas.FindMembershipsAsync(PhoneNumber.Parse("whatsapp:+254712000001"));

        Assert.Equal([umoja.Chama.Id, other.Id], memberships.Select(m => m.ChamaId));
    }

    [Fact]
    public async Task A_chama_read_by_id_is_kept_in_memory_only_until_its_expiry()
    {
        var umoja = await db.SeedUmojaAsync();
        Assert.Equal(Money.Kes(10_000), (await db.Chamas.FindChamaAsync(umoja.Chama.Id))!.Constitution.ContributionAmount);
        // A new constitution version written behind the store's back, as another host or an operator would.
        await db.Database.WriteInChamaAsync(umoja.Chama.Id, (connection, transaction) => connection.ExecuteAsync(
            """
            INSERT INTO constitutions (chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor,
                                       approvals_required, members_see_pending, created_at)
            SELECT chama_id, 2, 1200000, frequency, welfare_levy_minor, late_fine_minor, approvals_required, members_see_pending, created_at
            FROM constitutions WHERE chama_id = @Id;
            """,
            new { umoja.Chama.Id },
            transaction));

        Assert.Equal(Money.Kes(10_000), (await db.Chamas.FindChamaAsync(umoja.Chama.Id))!.Constitution.ContributionAmount);
        db.Clock.Advance(ChamaStore.ChamaCacheExpiry);
        Assert.Equal(Money.Kes(12_000), (await db.Chamas.FindChamaAsync(umoja.Chama.Id))!.Constitution.ContributionAmount);
    }

    [Fact]
    public async Task The_current_round_follows_the_calendar()
    {
        var umoja = await db.SeedUmojaAsync();
        Assert.Equal(umoja.Rounds[0].Id, (await db.Cycles.FindCurrentRoundAsync(umoja.Chama.Id, new DateOnly(2026, 1, 31)))!.Id);
        Assert.Equal(umoja.Rounds[1].Id, (await db.Cycles.FindCurrentRoundAsync(umoja.Chama.Id, new DateOnly(2026, 2, 1)))!.Id);
        Assert.Equal(umoja.Rounds[3].Id, (await db.Cycles.FindCurrentRoundAsync(umoja.Chama.Id, new DateOnly(2027, 1, 1)))!.Id);
    }

    private async Task<string> DescribeAsync(Umoja umoja)
    {
        var lines = new List<string>();
        foreach (var round in umoja.Rounds)
        {
            var summary = await db.Ledger.GetRoundSummaryAsync(round.Id);
            lines.Add($"{round.Number}: {summary.CollectedLine} {summary.IsDisbursable} " +
                string.Join(";", summary.Members.Select(m => $"{m.Member.Name}={m.Status}/{m.Remainder}")));
        }

        lines.Add($"welfare={await db.Welfare.GetBalanceAsync(umoja.Chama.Id)}");
        return string.Join("\n", lines);
    }
}

public sealed class SqliteStorageTests() : StorageTests(Engine.Sqlite)
{
    [Fact]
    public async Task The_file_is_in_WAL_mode_and_every_connection_is_configured_for_money()
    {
        var pragmas = await Db.Database.ReadAsync(async (connection, transaction) => new
        {
            Journal = await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode;", transaction: transaction),
            ForeignKeys = await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys;", transaction: transaction),
            Synchronous = await connection.ExecuteScalarAsync<long>("PRAGMA synchronous;", transaction: transaction),
            BusyTimeout = await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout;", transaction: transaction),
        });

        Assert.Equal("wal", pragmas.Journal);
        Assert.Equal(1, pragmas.ForeignKeys);
        Assert.Equal(2, pragmas.Synchronous); // FULL
        Assert.True(pragmas.BusyTimeout > 0);
    }
}

public sealed class PostgresStorageTests() : StorageTests(Engine.Postgres)
{
    [Fact]
    public void Every_SQLite_migration_has_its_PostgreSQL_translation_under_the_same_name()
    {
        Assert.Equal(Migrator.Load("Sqlite").Select(m => m.Name), Migrator.Load("Postgres").Select(m => m.Name));
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_not_ready()
    {
        // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
        await using var unreachable = new PostgresDatabase("Host=127.0.0.1;Port=1;Username=chama;Password=chama;Database=chama_test;Timeout=2");

        Assert.False(await unreachable.IsReadyAsync());
        Assert.True(await Db.Database.IsReadyAsync());
    }

    [Fact]
    public async Task Two_hosts_starting_together_on_a_new_database_apply_each_migration_once()
    {
        var connectionString = await TestPostgres.CreateSchemaAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var first = new PostgresDatabase(connectionString);
            await using var second = new PostgresDatabase(connectionString);
            await using var third = new PostgresDatabase(connectionString);
            var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // A third host holds the migrations' lock, so both queue behind it before either has applied anything.
            var holder = third.WriteAsync(async (connection, transaction) =>
            {
                await WriteScope.LockAsync(transaction, "migrations");
                held.SetResult();
                await release.Task;
                return 0;
            });
            await held.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var both = Task.WhenAll(Task.Run(() => first.MigrateAsync()), Task.Run(() => second.MigrateAsync()));
            await WaitForMigrationsQueueAsync(connectionString, waiting: 2);
            release.SetResult();
            await Task.WhenAll(holder, both).WaitAsync(TimeSpan.FromSeconds(60));

            var versions = await first.ReadAsync(async (connection, transaction) =>
                (await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version;", transaction: transaction)).ToList());
            Assert.Equal(Migrator.Load("Postgres").Select(m => (long)m.Version), versions);
        }
        finally
        {
            release.TrySetResult();
            await TestPostgres.DropSchemaAsync(connectionString);
        }
    }

    /// <summary>Until PostgreSQL shows <paramref name="waiting"/> transactions queued for this schema's migrations' lock.</summary>
    private static async Task WaitForMigrationsQueueAsync(string connectionString, int waiting)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // A bigint advisory key shows as its high half in classid and its low half in objid.
        while (await connection.ExecuteScalarAsync<long>(
            """
            WITH lock AS (SELECT hashtextextended('chama-lock/' || current_database() || '/' || current_schema() || '/migrations', 0) AS key)
            SELECT COUNT(*) FROM pg_locks, lock
            WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
              AND classid::bigint = (key >> 32) & 4294967295 AND objid::bigint = key & 4294967295;
            """) < waiting)
        {
            await Task.Delay(10, patience.Token);
        }
    }
}
