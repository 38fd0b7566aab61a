using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Chama.Bot.Tests;

/// <summary>The real host over a real SQLite file in a fresh temporary folder.</summary>
public class BotFactory : WebApplicationFactory<Program>
{
    public BotFactory()
    {
        Folder = Path.Combine(Path.GetTempPath(), "chama-bot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "chama.db");

    protected virtual bool SeedDemo => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Chama", $"Data Source={DatabasePath}");
        builder.UseSetting("Demo:Seed", SeedDemo ? "true" : "false");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
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
