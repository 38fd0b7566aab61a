namespace Chama.Tests;

/// <summary>The database engines every store test runs against.</summary>
public enum Engine
{
    Sqlite,
    Postgres,
}
