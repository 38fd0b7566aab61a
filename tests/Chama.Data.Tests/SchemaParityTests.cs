using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// Both engines' migrations reach the same schema: the same tables and views with the same columns, the same unique
/// keys (the idempotency guarantees) and the same append-only triggers. PostgreSQL's files are translations of
/// SQLite's, so a migration added to one and not the other, or translated with a key missing, fails here.
/// </summary>
public sealed class SchemaParityTests
{
    [Fact]
    public async Task Both_engines_have_the_same_tables_columns_unique_keys_and_triggers_after_every_migration()
    {
        var sqlite = await SchemaOfAsync(Engine.Sqlite);
        var postgres = await SchemaOfAsync(Engine.Postgres);

        Assert.Equal(sqlite.Columns, postgres.Columns);
        Assert.Equal(sqlite.UniqueKeys, postgres.UniqueKeys);
        Assert.Equal(sqlite.Triggers, postgres.Triggers);
    }

    private static async Task<Schema> SchemaOfAsync(Engine engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await using var connection = await db.ConnectAsync();
        return engine == Engine.Postgres ? await PostgresSchemaAsync(connection) : await SqliteSchemaAsync(connection);
    }

    private static async Task<Schema> SqliteSchemaAsync(System.Data.Common.DbConnection connection)
    {
        var columns = new List<string>();
        var keys = new List<string>();
        var relations = await connection.QueryAsync<(string Name, string Type)>(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%';");
        foreach (var (name, type) in relations)
        {
            columns.AddRange((await connection.QueryAsync<string>($"SELECT name FROM pragma_table_info('{name}');")).Select(c => $"{name}.{c}"));
            if (type != "table")
            {
                continue;
            }

            // An INTEGER PRIMARY KEY is the rowid and has no index; every other unique key, a primary key included, has one.
            var rowid = (await connection.QueryAsync<(string Name, string Type)>($"SELECT name, type FROM pragma_table_info('{name}') WHERE pk > 0;")).ToList();
            if (rowid is [{ Type: "INTEGER" } only])
            {
                keys.Add($"{name}({only.Name})");
            }

            var indexes = await connection.QueryAsync<string>($"SELECT name FROM pragma_index_list('{name}') WHERE \"unique\" = 1;");
            foreach (var index in indexes)
            {
                var key = await connection.QueryAsync<string>($"SELECT name FROM pragma_index_info('{index}') ORDER BY seqno;");
                keys.Add($"{name}({string.Join(',', key)})");
            }
        }

        var triggers = await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'trigger';");
        return new Schema(Sorted(columns), Sorted(keys), Sorted(triggers));
    }

    private static async Task<Schema> PostgresSchemaAsync(System.Data.Common.DbConnection connection)
    {
        var columns = await connection.QueryAsync<string>(
            "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = current_schema();");
        var keys = await connection.QueryAsync<string>(
            """
            SELECT t.relname || '(' || (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                                        FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                                        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) || ')'
            FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND i.indisunique;
            """);
        var triggers = await connection.QueryAsync<string>(
            """
            SELECT g.tgname FROM pg_trigger g
            JOIN pg_class t ON t.oid = g.tgrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND NOT g.tgisinternal AND g.tgname <> @Guard;
            """,
            new { Guard = ChamaWriteGuard.TriggerName });

        return new Schema(Sorted(columns), Sorted(keys), Sorted(triggers));
    }

    private static List<string> Sorted(IEnumerable<string> items) => items.Order(StringComparer.Ordinal).ToList();

    private sealed record Schema(List<string> Columns, List<string> UniqueKeys, List<string> Triggers);
}
