using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Chama.Data.Postgres;
using Chama.Data.Sqlite;
using Chama.Data.Welfare;
using Chama.Tests;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Chama.Data.Tests;

/// <summary>
/// A real database, migrated, with every store on a fake clock: a SQLite file in a fresh temporary folder, or a fresh
/// schema on the test PostgreSQL server.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static readonly Actor Treasurer = Actor.System("test");

    private TestDatabase(Engine engine, string connectionString, string? folder)
    {
        Engine = engine;
        ConnectionString = connectionString;
        Folder = folder;
        Database = Open();
        Chamas = new ChamaStore(Database, Clock);
        Cycles = new CycleStore(Database, Clock);
        Ledger = new ContributionLedger(Database, Clock);
        Welfare = new WelfareLedger(Database, Clock);
    }

    public Engine Engine { get; }

    /// <summary>Where the data lives: what a second host on the same database would be configured with.</summary>
    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero));

    public IDatabase Database { get; private set; }

    public ChamaStore Chamas { get; private set; }

    public CycleStore Cycles { get; private set; }

    public ContributionLedger Ledger { get; private set; }

    public WelfareLedger Welfare { get; private set; }

    private string? Folder { get; }

    public static async Task<TestDatabase> CreateAsync(Engine engine = Engine.Sqlite)
    {
        TestDatabase created;
        if (engine == Engine.Postgres)
        {
            created = new TestDatabase(engine, await TestPostgres.CreateMigratedSchemaAsync(), folder: null);
        }
        else
        {
            var folder = Path.Combine(Path.GetTempPath(), "chama-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            created = new TestDatabase(engine, $"Data Source={Path.Combine(folder, "chama.db")}", folder);
        }

        await created.Database.MigrateAsync();
        return created;
    }

    /// <summary>Another database object on the same data, as a second host (or a restarted one) would open it.</summary>
    public IDatabase Open() => Engine == Engine.Postgres ? new PostgresDatabase(ConnectionString) : new SqliteDatabase(ConnectionString);

    /// <summary>
    /// A plain connection outside the stores, in autocommit, for statements the stores would never run; on PostgreSQL
    /// the <see cref="ChamaWriteGuard"/> lets it seed any chama's rows.
    /// </summary>
    public async Task<DbConnection> ConnectAsync()
    {
        DbConnection connection = Engine == Engine.Postgres ? new NpgsqlConnection(ChamaWriteGuard.OutsideTheStores(ConnectionString)) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>True when the engine refused a statement because it broke a UNIQUE constraint.</summary>
    public bool IsUniqueViolation(DbException error) => error switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal),
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>Closes everything and opens the same database again, as a restarted host would.</summary>
    public async Task ReopenAsync()
    {
        await CloseAsync();
        Database = Open();
        await Database.MigrateAsync();
        Chamas = new ChamaStore(Database, Clock);
        Cycles = new CycleStore(Database, Clock);
        Ledger = new ContributionLedger(Database, Clock);
        Welfare = new WelfareLedger(Database, Clock);
    }

    /// <summary>The quick start: Umoja Investment Club, four members, KES 10,000 a month, cycle 1 running from 31 January.</summary>
    public async Task<Umoja> SeedUmojaAsync(Constitution? rules = null)
    {
        var chama = await Chamas.CreateChamaAsync("Umoja Investment Club", "UMOJA", rules ?? Constitution.Monthly(Money.Kes(10_000)), Treasurer);
        var members = new List<Member>
        {
            await Chamas.AddMemberAsync(chama.Id, new NewMember("Grace Wanjiku", "0712000001", 1, MemberRoles.Treasurer), Treasurer),
            await Chamas.AddMemberAsync(chama.Id, new NewMember("Patrick Ochieng", "0722000002", 2, MemberRoles.Chair), Treasurer),
            await Chamas.AddMemberAsync(chama.Id, new NewMember("Diana Mwangi", "0733000003", 3), Treasurer),
            await Chamas.AddMemberAsync(chama.Id, new NewMember("Samuel Kimani", "0711000004", 4), Treasurer),
        };
        var cycle = await Cycles.StartCycleAsync(chama.Id, new DateOnly(2026, 1, 31), Treasurer);
        var rounds = await Cycles.GetRoundsAsync(cycle.Id);
        return new Umoja(chama, members, cycle, rounds);
    }

    public Task<long> CountAsync(string table) =>
        Database.ReadAsync((connection, transaction) => connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table};", transaction: transaction));

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        if (Engine == Engine.Postgres)
        {
            await TestPostgres.DropSchemaAsync(ConnectionString);
            return;
        }

        try
        {
            Directory.Delete(Folder!, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task CloseAsync()
    {
        await ((IAsyncDisposable)Database).DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}

public sealed record Umoja(ChamaGroup Chama, IReadOnlyList<Member> Members, Cycle Cycle, IReadOnlyList<Round> Rounds)
{
    public Member Grace => Members[0];
    public Member Patrick => Members[1];
    public Member Diana => Members[2];
    public Member Samuel => Members[3];
    public Round Round1 => Rounds[0];
    public Round Round2 => Rounds[1];

    public ContributionRequest Pay(Member member, long shillings, string receipt, Round? round = null) =>
        new((round ?? Round1).Id, member.Id, Money.Kes(shillings), receipt);
}
