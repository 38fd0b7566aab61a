using System.Text;
using Chama.Data;
using Chama.Data.Sharding;
using Npgsql;

namespace Chama.Tests;

/// <summary>
/// PostgreSQL's own check, in the test schemas only, that every write of a chama's rows was made by a transaction
/// that entered that chama (<see cref="WriteScope.EnterChamaAsync"/>): a row trigger on every chama table of
/// <see cref="ChamaTables"/> finds the row's chama, directly or through its parents, and refuses the write with
/// <see cref="SqlState"/> unless it is the one <c>chama.write_chama</c> names. A new chama needs no chama entered: it
/// has no id until it is inserted. A store that forgets to enter its chama so fails every PostgreSQL test that writes
/// through it.
/// </summary>
/// <remarks>
/// On unless <c>CHAMA_TEST_WRITE_GUARD=off</c>. The tests' own plain connections, which seed rows the way no store
/// would, say so (<see cref="OutsideTheStores"/>) and pass.
/// </remarks>
public static class ChamaWriteGuard
{
    public const string Variable = "CHAMA_TEST_WRITE_GUARD";

    /// <summary>The SQLSTATE of a refused write (class "CH", ours).</summary>
    public const string SqlState = "CH001";

    /// <summary>Every chama table's trigger has this name; so do the functions behind them, with the table's name after it.</summary>
    public const string TriggerName = "chama_write_guard";

    private const string OutsideSetting = "chama.outside_the_stores";

    /// <summary>Whether new test schemas get the guard: yes unless the environment says <c>off</c>.</summary>
    public static bool IsOn => !string.Equals(Environment.GetEnvironmentVariable(Variable), "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>Installs the guard in the schema <paramref name="connectionString"/> searches, already migrated.</summary>
    public static async Task InstallAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(InstallSql(), connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The same schema for a test's own statements, which the guard lets through.</summary>
    public static string OutsideTheStores(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Options = $"-c {OutsideSetting}=on" }.ToString();

    /// <summary>One check function, then per chama table a function that finds the row's chama and a trigger calling it.</summary>
    public static string InstallSql()
    {
        var sql = new StringBuilder(
            $$"""
            CREATE FUNCTION {{TriggerName}}_check(tbl text, op text, row_chama bigint) RETURNS void LANGUAGE plpgsql AS $guard$
            DECLARE
                entered text := NULLIF(current_setting('{{WriteScope.ChamaSetting}}', true), '');
            BEGIN
                IF row_chama IS NULL OR current_setting('{{OutsideSetting}}', true) = 'on' OR entered = row_chama::text THEN
                    RETURN;
                END IF;
                RAISE EXCEPTION '% of a row of chama % in %, but the transaction entered %', op, row_chama, tbl, COALESCE('chama ' || entered, 'no chama')
                    USING ERRCODE = '{{SqlState}}', HINT = 'call WriteScope.EnterChamaAsync before writing a chama''s rows';
            END
            $guard$;

            """);
        foreach (var table in ChamaTables.All.Where(table => table.Ownership != TableOwnership.NoChama))
        {
            sql.Append(
                $$"""
                CREATE FUNCTION {{TriggerName}}_{{table.Name}}() RETURNS trigger LANGUAGE plpgsql AS $guard$
                BEGIN
                    {{Checks(table)}}
                    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                END
                $guard$;
                CREATE TRIGGER {{TriggerName}} BEFORE INSERT OR UPDATE OR DELETE ON {{table.Name}}
                    FOR EACH ROW EXECUTE FUNCTION {{TriggerName}}_{{table.Name}}();

                """);
        }

        return sql.ToString();
    }

    /// <summary>The old row is checked on UPDATE and DELETE, the new one on INSERT and UPDATE: no row moves between chamas.</summary>
    private static string Checks(ChamaTable table)
    {
        var check = (string row) => $"PERFORM {TriggerName}_check('{table.Name}', TG_OP, {ChamaOf(table, row)});";
        return table.Ownership == TableOwnership.ChamaItself
            // A new chama has no id yet, so no transaction can have entered it; the founding write enters it next.
            ? $"IF TG_OP <> 'INSERT' THEN {check("OLD")} {check("NEW")} END IF;"
            : $"IF TG_OP <> 'INSERT' THEN {check("OLD")} END IF; IF TG_OP <> 'DELETE' THEN {check("NEW")} END IF;";
    }

    private static string ChamaOf(ChamaTable table, string row) => table.Ownership switch
    {
        TableOwnership.ChamaItself => $"{row}.{ChamaTables.ParentId}",
        TableOwnership.ChamaColumn => $"{row}.{ChamaTables.ChamaColumn}",
        _ => ChamaOfParent(table.Parent!, $"{row}.{table.ParentKey}"),
    };

    /// <summary>The chama of the row of <paramref name="parent"/> whose id is <paramref name="key"/>, climbing as far as it takes.</summary>
    private static string ChamaOfParent(string parent, string key)
    {
        var table = ChamaTables.All.Single(candidate => candidate.Name == parent);
        var column = table.Ownership switch
        {
            TableOwnership.ChamaItself => ChamaTables.ParentId,
            TableOwnership.ChamaColumn => ChamaTables.ChamaColumn,
            TableOwnership.ThroughParent => table.ParentKey!,
            _ => throw new InvalidOperationException($"{parent} belongs to no chama, so it cannot be a chama table's parent."),
        };
        var lookup = $"(SELECT {column} FROM {parent} WHERE {ChamaTables.ParentId} = {key})";
        return table.Ownership == TableOwnership.ThroughParent ? ChamaOfParent(table.Parent!, lookup) : lookup;
    }
}
