using System.Data.Common;
using Chama.Data.Postgres;
using Chama.Data.Sqlite;
using Chama.Tests;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Chama.Data.Tests;

/// <summary>
/// Migrations that change tables an older host filled (011: fines per day; 014: more rules by reply; 026: one votes table) keep every row,
/// every reference and every append-only trigger. SQLite rebuilds those tables; PostgreSQL alters them in place.
/// </summary>
public abstract class RebuildMigrationTests(Engine engine) : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "chama-tests", Guid.NewGuid().ToString("N"));
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        if (engine == Engine.Postgres)
        {
            connectionString = await TestPostgres.CreateSchemaAsync();
            return;
        }

        Directory.CreateDirectory(folder);
        connectionString = $"Data Source={Path.Combine(folder, "chama.db")};Foreign Keys=True";
    }

    public async Task DisposeAsync()
    {
        if (engine == Engine.Postgres)
        {
            await TestPostgres.DropSchemaAsync(connectionString);
            return;
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Fines_waivers_and_payments_charged_before_fines_per_day_are_kept_as_day_one()
    {
        await using (var connection = await MigratedUpToAsync(10))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO chamas (id, code, name, currency, created_at) VALUES (1, 'UMOJA', 'Umoja', 'KES', 0);
                INSERT INTO constitutions (chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor,
                                           approvals_required, members_see_pending, created_at)
                VALUES (1, 1, 1000000, 'Monthly', 0, 20000, 2, 1, 0);
                INSERT INTO members (id, chama_id, name, phone, receive_phone, seat, joined_at) VALUES
                    (1, 1, 'Grace', '+254712000001', '+254712000001', 1, 0), (2, 1, 'Samuel', '+254711000004', '+254711000004', 2, 0);
                INSERT INTO cycles (id, chama_id, number, contribution_minor, currency, status, starts_on) VALUES (1, 1, 1, 1000000, 'KES', 'Active', '2026-01-31');
                INSERT INTO rounds (id, cycle_id, number, recipient_member_id, due_date, expected_pot_minor) VALUES (1, 1, 1, 1, '2026-01-31', 2000000);
                INSERT INTO fines (id, chama_id, round_id, member_id, amount_minor, currency, rule, charged_at) VALUES
                    (7, 1, 1, 1, 20000, 'KES', 'late fine KES 200', 5), (8, 1, 1, 2, 20000, 'KES', 'late fine KES 200', 5);
                INSERT INTO fine_waivers (fine_id, officer_member_id, reason, channel, at) VALUES (7, 2, 'travelling', 'whatsapp', 6);
                INSERT INTO contributions (id, chama_id, round_id, member_id, fund, amount_minor, currency, receipt, recorded_at)
                VALUES (3, 1, NULL, 2, 'Welfare', 20000, 'KES', 'QKJ4HT8F01', 7);
                INSERT INTO fine_payments (fine_id, contribution_id, paid_at) VALUES (8, 3, 7);
                """);
        }

        await MigrateToLatestAsync();

        await using var migrated = await ConnectAsync();
        Assert.Equal(
            [(7L, 1L, 20000L, 5L), (8L, 1L, 20000L, 5L)],
            (await migrated.QueryAsync<(long, long, long, long)>("SELECT id, day, amount_minor, charged_at FROM fines ORDER BY id;")).ToList());
        Assert.Equal(7, await migrated.ExecuteScalarAsync<long>("SELECT fine_id FROM fine_waivers;"));
        Assert.Equal((8L, 3L), await migrated.QuerySingleAsync<(long, long)>("SELECT fine_id, contribution_id FROM fine_payments;"));
        await AssertReferencesHoldAsync(migrated);

        // A second day for the same member and round is allowed, the same day again is not; the rebuilt tables still
        // refuse a waiver of a fine that does not exist and any change to a fine.
        await migrated.ExecuteAsync("INSERT INTO fines (chama_id, round_id, member_id, day, amount_minor, currency, rule, charged_at) VALUES (1, 1, 2, 2, 20000, 'KES', 'x', 9);");
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync(
            "INSERT INTO fines (chama_id, round_id, member_id, day, amount_minor, currency, rule, charged_at) VALUES (1, 1, 2, 2, 20000, 'KES', 'x', 9);"));
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync(
            "INSERT INTO fine_waivers (fine_id, officer_member_id, reason, channel, at) VALUES (99, 1, 'typo', 'whatsapp', 9);"));
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync("UPDATE fines SET amount_minor = 1;"));
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync("DELETE FROM fine_payments;"));
        Assert.Equal("Flat", await migrated.ExecuteScalarAsync<string>("SELECT fine_mode FROM constitutions;"));
    }

    [Fact]
    public async Task Constitution_versions_proposals_and_votes_made_before_more_rules_by_reply_are_kept()
    {
        await using (var connection = await MigratedUpToAsync(13))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO chamas (id, code, name, currency, created_at) VALUES (1, 'UMOJA', 'Umoja', 'KES', 0);
                INSERT INTO members (id, chama_id, name, phone, receive_phone, seat, roles, joined_at) VALUES
                    (1, 1, 'Grace', '+254712000001', '+254712000001', 1, 2, 0), (2, 1, 'Patrick', '+254722000002', '+254722000002', 2, 4, 0);
                INSERT INTO constitutions (chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor,
                                           approvals_required, members_see_pending, created_at)
                VALUES (1, 1, 1000000, 'Monthly', 0, 0, 2, 1, 0);
                INSERT INTO constitution_proposals (id, chama_id, proposer_member_id, rule, value, channel, proposed_at) VALUES (4, 1, 2, 'Fine', 200, 'whatsapp', 5);
                INSERT INTO constitution_votes (proposal_id, officer_member_id, decision, channel, decided_at) VALUES (4, 2, 'Approve', 'whatsapp', 5), (4, 1, 'Approve', 'whatsapp', 6);
                INSERT INTO constitutions (chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor, approvals_required,
                                           members_see_pending, grace_days, fine_mode, fine_cap_minor, changed_by_member_id, changed_at, proposal_id, created_at)
                VALUES (1, 2, 1000000, 'Monthly', 0, 20000, 2, 1, 3, 'PerDay', 100000, 1, 6, 4, 6);
                """);
        }

        await MigrateToLatestAsync();

        await using var migrated = await ConnectAsync();
        Assert.Equal(
            [(1L, 0L, (long?)null, "Flat", 0L, 0L), (2L, 20000L, (long?)4, "PerDay", 100000L, 0L)],
            (await migrated.QueryAsync<(long, long, long?, string, long, long)>(
                "SELECT version, late_fine_minor, proposal_id, fine_mode, fine_cap_minor, exit_deduction_percent FROM constitutions ORDER BY version;")).ToList());
        Assert.Equal(2, await migrated.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM decision_votes WHERE subject_kind = 'Rule' AND subject_id = 4;"));
        await AssertReferencesHoldAsync(migrated);

        // The new rules are accepted; a version still names a proposal that exists, once; proposals stay append-only.
        await migrated.ExecuteAsync("INSERT INTO constitution_proposals (chama_id, proposer_member_id, rule, value, channel, proposed_at) VALUES (1, 2, 'ExitDeduction', 10, 'whatsapp', 9);");
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync(
            "INSERT INTO constitutions (chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor, approvals_required, members_see_pending, proposal_id, created_at) VALUES (1, 3, 1, 'Monthly', 0, 0, 2, 1, 99, 9);"));
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync(
            "INSERT INTO constitutions (chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor, approvals_required, members_see_pending, proposal_id, created_at) VALUES (1, 3, 1, 'Monthly', 0, 0, 2, 1, 4, 9);"));
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync("UPDATE constitution_proposals SET value = 1;"));
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync("DELETE FROM decision_votes;"));
    }

    [Fact]
    public async Task Votes_of_every_kind_cast_before_one_votes_table_are_kept_in_order_with_their_chama()
    {
        await using (var connection = await MigratedUpToAsync(25))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO chamas (id, code, name, currency, created_at) VALUES (1, 'UMOJA', 'Umoja', 'KES', 0), (2, 'BIDII', 'Bidii', 'KES', 0);
                INSERT INTO members (id, chama_id, name, phone, receive_phone, seat, roles, joined_at) VALUES
                    (1, 1, 'Grace', '+254712000001', '+254712000001', 1, 1, 0), (2, 1, 'Patrick', '+254722000002', '+254722000002', 2, 2, 0),
                    (3, 1, 'Diana', '+254733000003', '+254733000003', 3, 0, 0), (4, 2, 'Amina', '+254744000004', '+254744000004', 1, 2, 0),
                    (5, 2, 'Otieno', '+254755000005', '+254755000005', 2, 0, 0);
                INSERT INTO cycles (id, chama_id, number, contribution_minor, currency, status, starts_on) VALUES (1, 1, 1, 100000, 'KES', 'Active', '2026-01-31');
                INSERT INTO rounds (id, cycle_id, number, recipient_member_id, due_date, expected_pot_minor) VALUES
                    (1, 1, 1, 1, '2026-01-31', 300000), (2, 1, 2, 2, '2026-02-28', 300000), (3, 1, 3, 3, '2026-03-31', 300000);
                INSERT INTO approvals (chama_id, subject_kind, subject_id, attempt, officer_member_id, decision, reason, channel, decided_at) VALUES
                    (1, 'Pot', 1, 2, 2, 'Approve', NULL, 'whatsapp', 40);
                INSERT INTO constitution_proposals (id, chama_id, proposer_member_id, rule, value, channel, proposed_at) VALUES (7, 2, 4, 'Fine', 200, 'whatsapp', 10);
                INSERT INTO constitution_votes (proposal_id, officer_member_id, decision, reason, channel, decided_at) VALUES (7, 4, 'Approve', NULL, 'whatsapp', 10);
                INSERT INTO cycle_join_proposals (id, chama_id, cycle_id, member_id, proposer_member_id, channel, proposed_at) VALUES (3, 1, 1, 3, 1, 'dashboard', 20);
                INSERT INTO cycle_join_votes (proposal_id, officer_member_id, decision, reason, channel, decided_at) VALUES
                    (3, 1, 'Approve', NULL, 'dashboard', 20), (3, 2, 'Reject', 'not this cycle', 'whatsapp', 30);
                INSERT INTO seat_swaps (id, chama_id, cycle_id, requester_member_id, counterpart_member_id, requester_round_id, counterpart_round_id, channel, requested_at, expires_at)
                    VALUES (5, 1, 1, 3, 2, 3, 2, 'whatsapp', 1, 100);
                INSERT INTO seat_swap_votes (swap_id, officer_member_id, decision, reason, channel, decided_at) VALUES (5, 1, 'Approve', NULL, 'ussd', 25);
                """);
        }

        await MigrateToLatestAsync();

        await using var migrated = await ConnectAsync();
        Assert.Equal(
            [
                (2L, "Rule", 7L, 1L, 4L, "Approve", (string?)null, "whatsapp", 10L),
                (1L, "Join", 3L, 1L, 1L, "Approve", null, "dashboard", 20L),
                (1L, "Swap", 5L, 1L, 1L, "Approve", null, "ussd", 25L),
                (1L, "Join", 3L, 1L, 2L, "Reject", "not this cycle", "whatsapp", 30L),
                (1L, "Pot", 1L, 2L, 2L, "Approve", null, "whatsapp", 40L),
            ],
            (await migrated.QueryAsync<(long, string, long, long, long, string, string?, string, long)>(
                "SELECT chama_id, subject_kind, subject_id, attempt, officer_member_id, decision, reason, channel, decided_at FROM decision_votes ORDER BY id;")).ToList());
        foreach (var gone in new[] { "approvals", "constitution_votes", "cycle_join_votes", "seat_swap_votes" })
        {
            await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {gone};"));
        }

        await AssertReferencesHoldAsync(migrated);
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync("UPDATE decision_votes SET decision = 'Reject', reason = 'x';"));
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync("DELETE FROM decision_votes;"));
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync(
            "INSERT INTO decision_votes (chama_id, subject_kind, subject_id, officer_member_id, decision, channel, decided_at) VALUES (1, 'Swap', 5, 1, 'Approve', 'ussd', 50);"));
    }

    [Fact]
    public async Task Sessions_keyed_by_phone_keep_WhatsApp_conversations_and_drop_USSD_ones()
    {
        await using (var connection = await MigratedUpToAsync(19))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO conversation_sessions (channel, session_key, flow, data, last_input, updated_at) VALUES
                    ('whatsapp', '+254711000004', 'pay', '{}', 'PAY', 5), ('ussd', 'ATUid_1', 'welfare', '{}', '4*1', 5);
                """);
        }

        await MigrateToLatestAsync();

        await using var migrated = await ConnectAsync();
        Assert.Equal(
            [("whatsapp", "+254711000004", "+254711000004", "pay")],
            (await migrated.QueryAsync<(string, string, string, string)>("SELECT channel, session_key, phone, flow FROM conversation_sessions;")).ToList());

        // The same session key from another phone is another session; from the same phone, the same one.
        await migrated.ExecuteAsync("INSERT INTO conversation_sessions (channel, session_key, phone, data, updated_at) VALUES ('ussd', 'ATUid_1', '+254711000004', '{}', 9), ('ussd', 'ATUid_1', '+254799000099', '{}', 9);");
        await Assert.ThrowsAnyAsync<DbException>(() => migrated.ExecuteAsync(
            "INSERT INTO conversation_sessions (channel, session_key, phone, data, updated_at) VALUES ('ussd', 'ATUid_1', '+254711000004', '{}', 9);"));
    }

    /// <summary>A database with the migrations up to <paramref name="version"/> applied, as an older host left it.</summary>
    private async Task<DbConnection> MigratedUpToAsync(int version)
    {
        var connection = await ConnectAsync();
        await connection.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");
        foreach (var migration in Migrator.Load(engine.ToString()).Where(m => m.Version <= version))
        {
            await connection.ExecuteAsync(migration.Sql);
            await connection.ExecuteAsync("INSERT INTO schema_migrations VALUES (@Version, @Name, 'before');", migration);
        }

        return connection;
    }

    private async Task MigrateToLatestAsync()
    {
        if (engine == Engine.Postgres)
        {
            await using var postgres = new PostgresDatabase(connectionString);
            await postgres.MigrateAsync();
            return;
        }

        await using var sqlite = new SqliteDatabase(connectionString);
        await sqlite.MigrateAsync();
    }

    private async Task<DbConnection> ConnectAsync()
    {
        DbConnection connection = engine == Engine.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>SQLite checks foreign keys of rebuilt tables only when asked; PostgreSQL checked every one as it went.</summary>
    private async Task AssertReferencesHoldAsync(DbConnection connection)
    {
        if (engine == Engine.Sqlite)
        {
            Assert.Empty(await connection.QueryAsync("PRAGMA foreign_key_check;"));
        }
    }
}

public sealed class SqliteRebuildMigrationTests() : RebuildMigrationTests(Engine.Sqlite);

public sealed class PostgresRebuildMigrationTests() : RebuildMigrationTests(Engine.Postgres);
