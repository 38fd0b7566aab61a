using Chama.Bot.Cli;

namespace Chama.Bot.Tests.Cli;

public sealed class OperatorCliTests : IDisposable
{
    private readonly CliDatabase cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task A_chama_its_members_and_its_first_cycle_are_set_up_from_the_command_line()
    {
        Assert.Equal(0, (await cli.RunAsync("chama", "create", "--name", "Umoja Investment Club", "--code", "umoja", "--contribution", "10,000", "--fine", "200", "--frequency", "weekly")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("member", "add", "--chama", "UMOJA", "--name", "Grace Wanjiku", "--phone", "0712 000 001", "--seat", "1", "--role", "treasurer")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("member", "add", "--chama", "UMOJA", "--name", "Patrick Ochieng", "--phone", "+254 722 000002", "--seat", "2", "--role", "chair", "--role", "secretary")).ExitCode);
        var added = await cli.RunAsync("member", "add", "--chama", "umoja", "--name", "Diana Mwangi", "--phone", "254733000003", "--seat", "3", "--role", "secretary", "--language", "sw", "--receive-phone", "0722 000 009");
        var started = await cli.RunAsync("cycle", "start", "--chama", "UMOJA", "--starts", "2026-12-05");

        Assert.Equal(0, added.ExitCode);
        Assert.Contains("Added Diana Mwangi to UMOJA on seat 3", added.Output, StringComparison.Ordinal);
        Assert.Equal(0, started.ExitCode);
        Assert.Contains("Started cycle 1 of UMOJA: 3 rounds", started.Output, StringComparison.Ordinal);
        Assert.Equal("", started.Error);

        var chama = Assert.Single(await cli.QueryAsync<(string Code, string Name, string Currency)>("SELECT code, name, currency FROM chamas;"));
        Assert.Equal(("UMOJA", "Umoja Investment Club", "KES"), chama);
        var rules = Assert.Single(await cli.QueryAsync<(long Contribution, string Frequency, long Fine, long Approvals)>(
            "SELECT contribution_minor, frequency, late_fine_minor, approvals_required FROM constitutions;"));
        Assert.Equal((1_000_000L, "Weekly", 20_000L, 2L), rules);
        var members = await cli.QueryAsync<(long Seat, string Name, string Phone, long Roles, string Language)>(
            "SELECT seat, name, phone, roles, language FROM members ORDER BY seat;");
        Assert.Equal(
            [
                (1L, "Grace Wanjiku", "+254712000001", 1L, "En"),
                (2L, "Patrick Ochieng", "+254722000002", 6L, "En"),
                (3L, "Diana Mwangi", "+254733000003", 4L, "Sw"),
            ],
            members);
        Assert.Equal("+254722000009", Assert.Single(await cli.QueryAsync<string>("SELECT receive_phone FROM members WHERE seat = 3;")));
        var rounds = await cli.QueryAsync<(long Number, string DueDate, string Recipient, long Pot)>(
            "SELECT r.number, r.due_date, m.name, r.expected_pot_minor FROM rounds r JOIN members m ON m.id = r.recipient_member_id ORDER BY r.number;");
        Assert.Equal(
            [(1L, "2026-12-05", "Grace Wanjiku", 3_000_000L), (2L, "2026-12-12", "Patrick Ochieng", 3_000_000L), (3L, "2026-12-19", "Diana Mwangi", 3_000_000L)],
            rounds);
        var audited = await cli.QueryAsync<string>("SELECT action FROM audit_log WHERE channel = 'cli' AND actor_member_id IS NULL ORDER BY id;");
        Assert.Equal(["chama.created", "member.added", "member.added", "member.added", "cycle.started"], audited);
    }

    [Fact]
    public async Task A_cycle_whose_pots_could_never_reach_their_quorum_is_refused_and_nothing_written()
    {
        await cli.RunAsync("chama", "create", "--name", "Umoja", "--code", "UMOJA", "--contribution", "10000");
        await cli.RunAsync("member", "add", "--chama", "UMOJA", "--name", "Grace Wanjiku", "--phone", "0712000001", "--seat", "1", "--role", "treasurer");
        await cli.RunAsync("member", "add", "--chama", "UMOJA", "--name", "Patrick Ochieng", "--phone", "0722000002", "--seat", "2", "--role", "chair");
        await cli.RunAsync("member", "add", "--chama", "UMOJA", "--name", "Samuel Kimani", "--phone", "0711000004", "--seat", "3");
        var before = await cli.SnapshotAsync();

        var result = await cli.RunAsync("cycle", "start", "--chama", "UMOJA", "--starts", "2026-12-05");

        AssertRefused(result, "The cycle cannot start yet. Still missing: - A payout to Grace Wanjiku, Patrick Ochieng could never be approved: 2 officers' approvals are required and only 1 other officer may approve it.");
        Assert.Contains("lower the approvals required to 1 (RULE QUORUM 1), or make 1 more member officer.", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await cli.SnapshotAsync());
    }

    [Fact]
    public async Task Lists_show_the_chamas_and_the_members_in_seat_order()
    {
        await cli.RunAsync("chama", "create", "--name", "Umoja Investment Club", "--code", "UMOJA", "--contribution", "10000");
        await cli.RunAsync("member", "add", "--chama", "UMOJA", "--name", "Samuel Kimani", "--phone", "0711000004", "--seat", "4");
        await cli.RunAsync("member", "add", "--chama", "UMOJA", "--name", "Grace Wanjiku", "--phone", "0712000001", "--seat", "1", "--role", "treasurer");

        var chamas = await cli.RunAsync("chama", "list");
        var members = await cli.RunAsync("member", "list", "--chama", "UMOJA");

        Assert.Equal(0, chamas.ExitCode);
        Assert.Contains("UMOJA", chamas.Output, StringComparison.Ordinal);
        Assert.Contains("KES 10,000 monthly  2 members", chamas.Output, StringComparison.Ordinal);
        Assert.Equal(0, members.ExitCode);
        var lines = members.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["1  Grace Wanjiku  +254712000001  treasurer  en", "4  Samuel Kimani  +254711000004  member  en"], lines);
    }

    [Fact]
    public async Task A_bad_phone_is_refused_with_one_clear_line_and_nothing_written()
    {
        await cli.RunAsync("chama", "create", "--name", "Umoja", "--code", "UMOJA", "--contribution", "10000");
        var before = await cli.SnapshotAsync();

        var result = await cli.RunAsync("member", "add", "--chama", "UMOJA", "--name", "Diana Mwangi", "--phone", "0712", "--seat", "3");

        AssertRefused(result, "'0712' is not a valid phone number");
        Assert.Equal(before, await cli.SnapshotAsync());
    }

    [Fact]
    public async Task A_seat_already_taken_is_refused_and_nothing_written()
    {
        await cli.RunAsync("chama", "create", "--name", "Umoja", "--code", "UMOJA", "--contribution", "10000");
        await cli.RunAsync("member", "add", "--chama", "UMOJA", "--name", "Grace Wanjiku", "--phone", "0712000001", "--seat", "1");
        var before = await cli.SnapshotAsync();

        var result = await cli.RunAsync("member", "add", "--chama", "UMOJA", "--name", "Patrick Ochieng", "--phone", "0722000002", "--seat", "1");

        AssertRefused(result, "Seat 1 is already taken by Grace Wanjiku.");
        Assert.Equal(before, await cli.SnapshotAsync());
    }

    [Fact]
    public async Task A_chama_code_already_used_is_refused_and_nothing_written()
    {
        await cli.RunAsync("chama", "create", "--name", "Umoja", "--code", "UMOJA", "--contribution", "10000");
        var before = await cli.SnapshotAsync();

        var result = await cli.RunAsync("chama", "create", "--name", "Umoja Two", "--code", "umoja", "--contribution", "500");

        AssertRefused(result, "The code UMOJA is already used by another chama.");
        Assert.Equal(before, await cli.SnapshotAsync());
    }

    [Fact]
    public async Task An_unknown_chama_is_refused_and_nothing_written()
    {
        await cli.RunAsync("chama", "create", "--name", "Umoja", "--code", "UMOJA", "--contribution", "10000");
        var before = await cli.SnapshotAsync();

        var member = await cli.RunAsync("member", "add", "--chama", "HARAMBEE", "--name", "Grace Wanjiku", "--phone", "0712000001", "--seat", "1");
        var cycle = await cli.RunAsync("cycle", "start", "--chama", "HARAMBEE", "--starts", "2026-12-05");

        AssertRefused(member, "There is no chama with the code 'HARAMBEE'");
        AssertRefused(cycle, "There is no chama with the code 'HARAMBEE'");
        Assert.Equal(before, await cli.SnapshotAsync());
    }

    [Theory]
    [InlineData("--contribution", "0", "is not an amount")]
    [InlineData("--contribution", "10.5", "Every amount of a KES chama is whole: M-Pesa moves nothing smaller.")]
    [InlineData("--contribution", "10.505", "--contribution '10.505' is not an amount of KES")]
    [InlineData("--currency", "XYZ", "'XYZ' is not a currency: give an ISO 4217 code such as KES, USD, GBP, EUR or UGX.")]
    [InlineData("--approvals", "0", "A payout needs at least one officer's approval.")]
    [InlineData("--grace-days", "40", "The grace period must be 0 to 31 days.")]
    [InlineData("--frequency", "daily", "Argument 'daily' not recognized. Must be one of: 'weekly' 'fortnightly' 'monthly'")]
    [InlineData("--code", "U", "'U' is not a valid chama code")]
    public async Task A_constitution_the_rules_refuse_is_not_created(string option, string value, string message)
    {
        await cli.RunAsync("chama", "create", "--name", "Harambee", "--code", "HARAMBEE", "--contribution", "500");
        var before = await cli.SnapshotAsync();
        var args = new Dictionary<string, string> { ["--name"] = "Umoja", ["--code"] = "UMOJA", ["--contribution"] = "10000", [option] = value };

        var result = await cli.RunAsync(["chama", "create", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        AssertRefused(result, message);
        Assert.Equal(before, await cli.SnapshotAsync());
    }

    [Fact]
    public async Task A_date_that_is_not_iso_is_refused_rather_than_read_one_way_or_the_other()
    {
        await cli.RunAsync("chama", "create", "--name", "Umoja", "--code", "UMOJA", "--contribution", "10000");
        await cli.RunAsync("member", "add", "--chama", "UMOJA", "--name", "Grace Wanjiku", "--phone", "0712000001", "--seat", "1");
        var before = await cli.SnapshotAsync();

        var result = await cli.RunAsync("cycle", "start", "--chama", "UMOJA", "--starts", "05/12/2026");

        AssertRefused(result, "--starts '05/12/2026' is not a date: use YYYY-MM-DD");
        Assert.Equal(before, await cli.SnapshotAsync());
    }

    [Fact]
    public async Task A_database_provider_the_host_cannot_run_is_one_line_not_a_crash()
    {
        var result = await cli.RunAsync(["chama", "list"], ("Database:Provider", "Oracle"));

        AssertRefused(result, "Database:Provider 'Oracle' is not supported");
    }

    [Fact]
    public async Task A_missing_option_is_named_on_one_line()
    {
        var result = await cli.RunAsync("member", "add", "--chama", "UMOJA", "--phone", "0712000001", "--seat", "1");

        AssertRefused(result, "Option '--name' is required. (see 'Chama.Bot member add --help')");
    }

    [Fact]
    public async Task Help_lists_the_commands_and_each_command_its_options()
    {
        var root = await cli.RunAsync("--help");
        var memberAdd = await cli.RunAsync("member", "add", "--help");

        Assert.Equal(0, root.ExitCode);
        Assert.Contains("chama", root.Output, StringComparison.Ordinal);
        Assert.Contains("member", root.Output, StringComparison.Ordinal);
        Assert.Contains("cycle", root.Output, StringComparison.Ordinal);
        Assert.Equal(0, memberAdd.ExitCode);
        foreach (var option in new[] { "--chama", "--name", "--phone", "--seat", "--role", "--language", "--receive-phone" })
        {
            Assert.Contains(option, memberAdd.Output, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(cli.DatabasePath), "help opens no database");
    }

    [Theory]
    [InlineData(new[] { "chama", "list" }, true)]
    [InlineData(new[] { "member", "add" }, true)]
    [InlineData(new[] { "cycle", "start" }, true)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "--urls", "http://localhost:5080" }, false)]
    [InlineData(new string[0], false)]
    public void Only_set_up_commands_bypass_the_web_host(string[] args, bool handled) =>
        Assert.Equal(handled, OperatorCli.Handles(args));

    private static void AssertRefused(CliResult result, string message)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", result.Output);
    }
}
