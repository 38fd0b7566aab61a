using System.Reflection;
using Dapper;

namespace Chama.Data;

/// <summary>
/// Applies the numbered SQL files under <c>Migrations/&lt;provider&gt;/</c> (<c>001_initial.sql</c>, …) in order, each in
/// the same transaction as its row in <c>schema_migrations</c>, so a migration is applied completely or not at all.
/// </summary>
internal static class Migrator
{
    public sealed record Migration(int Version, string Name, string Sql);

    private const string Lock = "migrations";

    public static async Task ApplyAsync(IDatabase database, string provider, CancellationToken cancellationToken)
    {
        await database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.LockAsync(transaction, Lock);
                return await connection.ExecuteAsync(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);",
                    transaction: transaction);
            },
            cancellationToken);

        foreach (var migration in Load(provider))
        {
            await database.WriteAsync(
                async (connection, transaction) =>
                {
                    // Checked under the migrations' lock, so two hosts starting together apply each migration once.
                    await WriteScope.LockAsync(transaction, Lock);
                    var applied = await connection.ExecuteScalarAsync<long>(
                        "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version;", new { migration.Version }, transaction);
                    if (applied > 0)
                    {
                        return false;
                    }

                    await connection.ExecuteAsync(migration.Sql, transaction: transaction);
                    await connection.ExecuteAsync(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt);",
                        new { migration.Version, migration.Name, AppliedAt = DateTimeOffset.UtcNow.ToString("O") },
                        transaction);
                    return true;
                },
                cancellationToken);
        }
    }

    public static IReadOnlyList<Migration> Load(string provider)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => ToMigration(assembly, name, name[prefix.Length..^".sql".Length]))
            .OrderBy(m => m.Version)
            .ToList();
    }

    private static Migration ToMigration(Assembly assembly, string resource, string fileName)
    {
        // Embedded resource names turn a leading digit into "_": "001_initial" arrives as "_001_initial".
        var name = fileName.TrimStart('_');
        var version = int.Parse(name.Split('_')[0], System.Globalization.CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, name, reader.ReadToEnd());
    }
}
