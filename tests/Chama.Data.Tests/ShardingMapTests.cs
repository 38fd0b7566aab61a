using System.Text.RegularExpressions;
using Chama.Data.Sharding;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// <see cref="ChamaTables"/> names every table of the schema once and says truly how each reaches its chama, and
/// docs/scaling.md lists them as it does: a new table fails here until it is classified for sharding.
/// </summary>
public sealed partial class ShardingMapTests
{
    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.Postgres)]
    public async Task Every_table_is_classified_for_sharding(Engine engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await using var connection = await db.ConnectAsync();

        var tables = await connection.QueryAsync<string>(
            engine == Engine.Postgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE';"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';");

        Assert.Equal(ChamaTables.All.Select(table => table.Name).Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_chama_table_reaches_its_chama_by_the_key_the_map_names()
    {
        await using var db = await TestDatabase.CreateAsync(Engine.Sqlite);
        await using var connection = await db.ConnectAsync();
        var chamaTables = ChamaTables.All.Where(table => table.Ownership != TableOwnership.NoChama).Select(table => table.Name).ToHashSet();

        foreach (var table in ChamaTables.All.Where(table => table.Ownership is TableOwnership.ChamaColumn or TableOwnership.ThroughParent))
        {
            var (column, parent) = table.Ownership == TableOwnership.ChamaColumn ? (ChamaTables.ChamaColumn, "chamas") : (table.ParentKey!, table.Parent!);
            var references = await connection.QueryAsync<(string Table, string To)>(
                $"SELECT \"table\", \"to\" FROM pragma_foreign_key_list('{table.Name}') WHERE \"from\" = @column;", new { column });

            Assert.True(references.Contains((parent, ChamaTables.ParentId)), $"{table.Name}.{column} does not reference {parent} ({ChamaTables.ParentId}).");
            Assert.Contains(parent, chamaTables);
        }
    }

    [Fact]
    public void Every_table_of_no_chama_says_why()
    {
        Assert.All(ChamaTables.All.Where(table => table.Ownership == TableOwnership.NoChama), table => Assert.False(string.IsNullOrWhiteSpace(table.Reason), table.Name));
        Assert.Equal(ChamaTables.All.Count, ChamaTables.All.DistinctBy(table => table.Name).Count());
    }

    [Fact]
    public void Scaling_doc_lists_every_table_as_the_map_does()
    {
        var sections = Sections(File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "scaling.md")));

        Assert.Equal(Expected(TableOwnership.ChamaItself, _ => ""), sections["### The chamas table"].Select(row => row[0]).ToList());
        Assert.Equal(Expected(TableOwnership.ChamaColumn, _ => ""), Rows(sections["### Tables that carry chama_id"], row => ""));
        Assert.Equal(
            Expected(TableOwnership.ThroughParent, table => $"{table.ParentKey} → {table.Parent}"),
            Rows(sections["### Tables that reach chama_id through a parent"], row => $"{row[1]} → {row[2]}"));
        Assert.Equal(
            Expected(TableOwnership.NoChama, table => table.Reason!),
            Rows(sections["## Local to the coordinator: tied to no chama"], row => row[1]));
        Assert.Empty(sections["## Reference tables"]);
    }

    private static List<string> Expected(TableOwnership ownership, Func<ChamaTable, string> detail) =>
        ChamaTables.All.Where(table => table.Ownership == ownership)
            .Select(table => ownership == TableOwnership.ChamaItself ? table.Name : $"{table.Name}: {detail(table)}")
            .Order(StringComparer.Ordinal)
            .ToList();

    private static List<string> Rows(List<string[]> rows, Func<string[], string> detail) =>
        rows.Select(row => $"{row[0]}: {detail(row)}").Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Each heading's table rows (<c>| `name` | … |</c>, cells unquoted) and list items (<c>- `name`</c>, the name
    /// alone), under the heading's text.
    /// </summary>
    private static Dictionary<string, List<string[]>> Sections(IEnumerable<string> lines)
    {
        var sections = new Dictionary<string, List<string[]>>();
        var current = new List<string[]>();
        foreach (var line in lines)
        {
            if (line.StartsWith('#'))
            {
                sections[line.Trim()] = current = [];
            }
            else if (line.StartsWith("| `", StringComparison.Ordinal))
            {
                current.Add(line.Trim('|', ' ').Split('|').Select(cell => cell.Trim().Trim('`')).ToArray());
            }
            else if (line.StartsWith("- `", StringComparison.Ordinal))
            {
                current.Add([Quoted().Match(line).Groups[1].Value]);
            }
        }

        return sections;
    }

    [GeneratedRegex("`([a-z_]+)`")]
    private static partial Regex Quoted();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Chama.Bot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Chama.Bot.sln not found above the test folder.");
    }
}
