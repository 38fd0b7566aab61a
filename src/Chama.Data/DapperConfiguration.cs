using Dapper;

namespace Chama.Data;

internal static class DapperConfiguration
{
    private static int configured;

    /// <summary>Columns are snake_case; row classes are PascalCase.</summary>
    public static void EnsureConfigured()
    {
        if (Interlocked.Exchange(ref configured, 1) == 0)
        {
            DefaultTypeMap.MatchNamesWithUnderscores = true;
        }
    }
}
