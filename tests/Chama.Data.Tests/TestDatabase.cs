using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Ledger;
using Chama.Data.Sqlite;
using Chama.Data.Welfare;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Chama.Data.Tests;

/// <summary>A real SQLite file in a fresh temporary folder, migrated, with every store on a fake clock.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static readonly Actor Treasurer = Actor.System("test");

    private TestDatabase(string folder, SqliteDatabase database)
    {
        Folder = folder;
        Database = database;
        Chamas = new ChamaStore(database, Clock);
        Cycles = new CycleStore(database, Clock);
        Ledger = new ContributionLedger(database, Clock);
        Welfare = new WelfareLedger(database, Clock);
    }

    public string Folder { get; }

    public string FilePath => Path.Combine(Folder, "chama.db");

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero));

    public SqliteDatabase Database { get; private set; }

    public ChamaStore Chamas { get; private set; }

    public CycleStore Cycles { get; private set; }

    public ContributionLedger Ledger { get; private set; }

    public WelfareLedger Welfare { get; private set; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chama-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = new SqliteDatabase($"Data Source={Path.Combine(folder, "chama.db")}");
        await database.MigrateAsync();
        return new TestDatabase(folder, database);
    }

    /// <summary>Closes everything and opens the same file again, as a restarted host would.</summary>
    public async Task ReopenAsync()
    {
        await Database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Database = new SqliteDatabase($"Data Source={FilePath}");
        await Database.MigrateAsync();
        Chamas = new ChamaStore(Database, Clock);
        Cycles = new CycleStore(Database, Clock);
        Ledger = new ContributionLedger(Database, Clock);
        Welfare = new WelfareLedger(Database, Clock);
    }

    /// <summary>The quick start: Umoja Investment Club, four members, KES 10,000 a month, cycle 1 running from 31 January.</summary>
    public async Task<Umoja> SeedUmojaAsync()
    {
        var chama = await Chamas.CreateChamaAsync("Umoja Investment Club", "UMOJA", Constitution.Monthly(Money.Kes(10_000)), Treasurer);
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

    public async Task<long> CountAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={FilePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table};";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
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
