using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Chama.Data;

namespace Chama.Bot.Benchmarks.Scale;

/// <summary>
/// A deployment's worth of history, written straight into the real schema (migrated by the host's own migrations) in
/// one transaction with prepared commands: each chama has <see cref="MembersEach"/> members on seats 1…n, a closed cycle
/// fully paid and a running one whose first <see cref="PaidActiveRounds"/> rounds are fully paid. With 10,000 chamas of
/// 20 that is 200,000 members, 400,000 rounds and 5,000,000 contributions. Plain parameterised SQL through
/// <see cref="IDatabase"/>, so another provider seeds the same way.
/// </summary>
internal static class ScaleSeed
{
    public const int MembersEach = 20;
    public const int PaidActiveRounds = 5;
    public const long ContributionMinor = 1_000_000;

    /// <summary>The closed cycle's first meeting; the running cycle starts the month after its last.</summary>
    public static readonly DateOnly ClosedStarts = new(2024, 5, 31);

    public static readonly DateOnly ActiveStarts = ClosedStarts.AddMonths(MembersEach);

    /// <summary>A day in the running cycle after its paid rounds: the statement has paid rounds, a due round and a turn ahead.</summary>
    public static readonly DateOnly Today = ActiveStarts.AddMonths(PaidActiveRounds).AddDays(-15);

    public static long ContributionsFor(int chamas) => (long)chamas * MembersEach * (MembersEach + PaidActiveRounds);

    /// <summary>True when the database already holds this many chamas and contributions (a cached build).</summary>
    public static Task<bool> IsSeededAsync(IDatabase database, int chamas) =>
        database.ReadAsync(async (connection, transaction) =>
            await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM chamas;") == chamas
            && await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(id), 0) FROM contributions;") == ContributionsFor(chamas));

    /// <summary>Writes everything; returns how long it took.</summary>
    public static async Task<TimeSpan> SeedAsync(IDatabase database, int chamas, Action<string> progress)
    {
        var clock = Stopwatch.StartNew();
        await database.WriteAsync(async (connection, transaction) =>
        {
            await InsertAsync(connection, transaction, chamas, progress);
            return 0;
        });
        return clock.Elapsed;
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, int chamas, Action<string> progress)
    {
        const long now = 1_767_225_600_000; // 1 January 2026, as Unix milliseconds
        await using var chama = Prepare(connection, transaction, "INSERT INTO chamas (id, code, name, currency, created_at) VALUES (@id, @code, @name, 'KES', @now);", "id", "code", "name", "now");
        await using var constitution = Prepare(
            connection,
            transaction,
            """
            INSERT INTO constitutions (chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor, approvals_required, members_see_pending, created_at)
            VALUES (@chama, 1, @contribution, 'Monthly', 0, 0, 2, 1, @now);
            """,
            "chama",
            "contribution",
            "now");
        await using var member = Prepare(
            connection,
            transaction,
            "INSERT INTO members (id, chama_id, name, phone, receive_phone, seat, roles, language, active, joined_at) VALUES (@id, @chama, @name, @phone, @phone, @seat, @roles, 'En', 1, @now);",
            "id",
            "chama",
            "name",
            "phone",
            "seat",
            "roles",
            "now");
        await using var cycle = Prepare(
            connection,
            transaction,
            "INSERT INTO cycles (id, chama_id, number, contribution_minor, currency, status, starts_on) VALUES (@id, @chama, @number, @contribution, 'KES', @status, @starts);",
            "id",
            "chama",
            "number",
            "contribution",
            "status",
            "starts");
        await using var round = Prepare(
            connection,
            transaction,
            "INSERT INTO rounds (id, cycle_id, number, recipient_member_id, due_date, expected_pot_minor) VALUES (@id, @cycle, @number, @recipient, @due, @pot);",
            "id",
            "cycle",
            "number",
            "recipient",
            "due",
            "pot");
        await using var contribution = Prepare(
            connection,
            transaction,
            "INSERT INTO contributions (id, chama_id, round_id, member_id, fund, amount_minor, currency, receipt, recorded_at) VALUES (@id, @chama, @round, @member, 'Pot', @amount, 'KES', @receipt, @now);",
            "id",
            "chama",
            "round",
            "member",
            "amount",
            "receipt",
            "now");

        long contributionId = 0;
        for (var c = 1; c <= chamas; c++)
        {
            await RunAsync(chama, c, $"SC{c:D5}", $"Scale Chama {c}", now);
            await RunAsync(constitution, c, ContributionMinor, now);
            var firstMember = ((long)(c - 1) * MembersEach) + 1;
            for (var seat = 1; seat <= MembersEach; seat++)
            {
                var id = firstMember + seat - 1;
                // +254 700 000 001 upwards: one phone per member, E.164 as the stores keep it.
                await RunAsync(member, id, c, $"Member {c}-{seat}", $"+2547{id:D8}", seat, seat == 1 ? 1 : 0, now);
            }

            for (var number = 1; number <= 2; number++)
            {
                var cycleId = ((long)(c - 1) * 2) + number;
                var active = number == 2;
                var starts = active ? ActiveStarts : ClosedStarts;
                await RunAsync(cycle, cycleId, c, number, ContributionMinor, active ? "Active" : "Closed", Iso(starts));
                for (var r = 1; r <= MembersEach; r++)
                {
                    var roundId = ((cycleId - 1) * MembersEach) + r;
                    await RunAsync(round, roundId, cycleId, r, firstMember + r - 1, Iso(starts.AddMonths(r - 1)), ContributionMinor * MembersEach);
                    if (active && r > PaidActiveRounds)
                    {
                        continue;
                    }

                    for (var seat = 1; seat <= MembersEach; seat++)
                    {
                        contributionId++;
                        await RunAsync(contribution, contributionId, c, roundId, firstMember + seat - 1, ContributionMinor, $"S{contributionId:D9}", now);
                    }
                }
            }

            if (c % 1000 == 0)
            {
                progress($"  seeded {c:N0} chamas, {contributionId:N0} contributions");
            }
        }
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>
    /// Runs the command with these values. It is prepared on its first run, once its parameters have values: Npgsql
    /// prepares a statement only when it knows each parameter's type.
    /// </summary>
    private static async Task RunAsync(DbCommand command, params object[] values)
    {
        var first = command.Parameters[0].Value is null;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        if (first)
        {
            await command.PrepareAsync();
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
