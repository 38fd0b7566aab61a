using System.Data;
using Dapper;

namespace Chama.Data;

internal static class DapperConfiguration
{
    private static int configured;

    /// <summary>Columns are snake_case; row classes are PascalCase. Flags are 0/1 integers on every engine.</summary>
    public static void EnsureConfigured()
    {
        if (Interlocked.Exchange(ref configured, 1) == 0)
        {
            DefaultTypeMap.MatchNamesWithUnderscores = true;
            // Dapper sends a bool as the engine's boolean: SQLite stores 1, but PostgreSQL refuses a boolean for the
            // schema's 0/1 BIGINT flags. Dapper consults a handler only for types missing from its own map.
            SqlMapper.RemoveTypeMap(typeof(bool));
            SqlMapper.AddTypeHandler(new FlagHandler());
        }
    }

    private sealed class FlagHandler : SqlMapper.TypeHandler<bool>
    {
        public override void SetValue(IDbDataParameter parameter, bool value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value ? 1L : 0L;
        }

        public override bool Parse(object value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0;
    }
}
