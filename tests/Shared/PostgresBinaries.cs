namespace Chama.Tests;

/// <summary>
/// The PostgreSQL server programs the private test cluster needs: on the PATH, or in the distribution's own folder
/// (Debian keeps them in <c>/usr/lib/postgresql/{version}/bin</c>, off the PATH), the newest version first.
/// </summary>
public sealed record PostgresBinaries(string InitDb, string PgCtl, string Psql)
{
    public const string DistributionRoot = "/usr/lib/postgresql";
    public const string InstallCommand = "sudo apt-get install -y chromium postgresql";

    public static PostgresBinaries Find() =>
        Find(Environment.GetEnvironmentVariable("PATH") ?? "", DistributionRoot);

    public static PostgresBinaries Find(string path, string distributionRoot)
    {
        var versioned = Directory.Exists(distributionRoot)
            ? Directory.EnumerateDirectories(distributionRoot)
                .Select(folder => (Folder: Path.Combine(folder, "bin"), Version: Version.TryParse(Path.GetFileName(folder) + ".0", out var v) ? v : new Version()))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Folder)
            : [];
        var onPath = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var folder in onPath.Concat(versioned))
        {
            var initDb = Path.Combine(folder, "initdb");
            var pgCtl = Path.Combine(folder, "pg_ctl");
            var psql = Path.Combine(folder, "psql");
            if (File.Exists(initDb) && File.Exists(pgCtl) && File.Exists(psql))
            {
                return new PostgresBinaries(initDb, pgCtl, psql);
            }
        }

        throw new InvalidOperationException(
            $"The PostgreSQL tests start a server of their own but found no initdb and pg_ctl on the PATH or under {distributionRoot}/*/bin. " +
            $"Install them with `{InstallCommand}`, the README's one set-up command (nothing needs starting), or point {PrivatePostgres.ServerVariable} at a server of yours.");
    }
}
