using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>
/// USSD is a keypad: numbered menus and amounts. None of WhatsApp's keyword commands is read from a USSD <c>text</c>,
/// so a request that only claims a member's phone number cannot decide, propose, swap or switch anything.
/// </summary>
public abstract class UssdKeypadTests : IDisposable
{
    private const string Hint = "CON Not understood.\nUmoja Investment Club\n1. Pay";

    private readonly BotFactory factory;
    private readonly Channels channels;

    protected UssdKeypadTests(Engine engine)
    {
        // Every command from one phone, faster than a person types: the per-phone limit is not what is tested here.
        factory = new BotFactory(engine).With("RateLimits:PerPhonePerMinute", "1000");
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    private static readonly string[] KeywordCommands =
    [
        "APPROVE P1", "REJECT P1 no reason", "IDHINISHA P1", "KATAA P1 hapana", "APPROVE W1", "APPROVE R1", "REJECT R1 no",
        "APPROVE S1", "APPROVE J1", "RULE QUORUM 1", "KANUNI FAINI 0", "SWAP 1", "BADILISHA 1", "ACCEPT SWAP", "ACCEPT SWAP 1",
        "DECLINE SWAP", "KUBALI ZAMU", "EXIT 4 moved away", "ONDOA 4", "WAIVE 1 forgiven", "SAMEHE 1", "ALLOCATE 1 4",
        "GAWA 1 4", "CANCEL W1 fraud", "SITISHA W1", "JOIN 4", "JIUNGA 4", "UNSENT", "HAZIKUTUMWA", "HELP", "USAIDIZI",
        "SWAHILI", "KISWAHILI", "SW", "ENGLISH", "EN", "MENU", "HI", "PAY", "LIPA", "BALANCE", "SALIO", "PENDING", "WELFARE",
        "APPROVALS", "APPROVE", "RULES", "KANUNI", "CHAMA",
    ];

    [Fact]
    public async Task Every_keyword_command_sent_as_USSD_text_is_read_as_menu_input_and_changes_nothing()
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var before = await DatabaseProbe.SnapshotAsync(factory);
        var languages = await LanguagesAsync();

        foreach (var (command, n) in KeywordCommands.Select((c, i) => (c.Replace("P1", $"P{demo.Rounds[0].Id}", StringComparison.Ordinal), i)))
        {
            await channels.UssdAsync($"ATUid_kw_{n}", Phones.Grace, "");
            var screen = await channels.UssdAsync($"ATUid_kw_{n}", Phones.Grace, command);

            Assert.True(screen.StartsWith(Hint, StringComparison.Ordinal), $"{command}:\n{screen}");
        }

        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Equal(languages, await LanguagesAsync());
    }

    [Fact]
    public async Task The_thirteen_request_takeover_through_USSD_changes_nothing()
    {
        var demo = await Demo.LoadAsync(factory);
        var rounds = demo.Rounds.Select(r => r.RecipientMemberId).ToList();
        var before = await DatabaseProbe.SnapshotAsync(factory);

        // As the attacker sent them: each command the first text of a session, then again after the dial.
        var n = 0;
        async Task SendAsync(string phone, string text)
        {
            Assert.StartsWith("CON Umoja Investment Club", await channels.UssdAsync($"ATUid_take_{++n}", phone, text));
            await channels.UssdAsync($"ATUid_take_{++n}", phone, "");
            Assert.StartsWith(Hint, await channels.UssdAsync($"ATUid_take_{n}", phone, text));
        }

        await SendAsync(Phones.Samuel, "SWAP 1");
        await SendAsync(Phones.Grace, "ACCEPT SWAP");
        await SendAsync(Phones.Grace, "RULE QUORUM 1");
        await SendAsync(Phones.Patrick, "APPROVE R1");
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));

        await demo.FillRoundOneAsync(factory);
        var filled = await DatabaseProbe.SnapshotAsync(factory);
        await SendAsync(Phones.Grace, $"APPROVE P{demo.Rounds[0].Id}");
        await SendAsync(Phones.Patrick, $"APPROVE P{demo.Rounds[0].Id}");

        Assert.Equal(filled, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "seat_swaps"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "constitution_proposals"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "decision_votes"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "disbursements"));
        Assert.Equal(rounds, (await Demo.LoadAsync(factory)).Rounds.Select(r => r.RecipientMemberId));
    }

    [Theory]
    [InlineData("/webhooks/ussd")]
    [InlineData("/webhooks/ussd/a-guessed-token")]
    public async Task The_thirteen_request_takeover_without_the_token_is_answered_404_and_changes_nothing(string path)
    {
        var demo = await Demo.LoadAsync(factory);
        await demo.FillRoundOneAsync(factory);
        var before = await DatabaseProbe.AllRowCountsAsync(factory);
        (string Phone, string Text)[] takeover =
        [
            (Phones.Samuel, "SWAP 1"), (Phones.Grace, "ACCEPT SWAP"), (Phones.Grace, "RULE QUORUM 1"),
            (Phones.Patrick, "APPROVE R1"), (Phones.Grace, $"APPROVE P{demo.Rounds[0].Id}"), (Phones.Grace, "6*1*1"),
        ];

        foreach (var (request, n) in takeover.Select((r, i) => (r, i)))
        {
            using var response = await channels.PostUssdAsync(
                new Dictionary<string, string> { ["sessionId"] = $"ATUid_stranger_{n}", ["serviceCode"] = "*384*123#", ["phoneNumber"] = request.Phone, ["text"] = request.Text },
                path);

            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal(before, await DatabaseProbe.AllRowCountsAsync(factory));
    }

    private async Task<string> LanguagesAsync()
    {
        await using var connection = factory.Storage.Connect();
        return string.Join(",", await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT language FROM members ORDER BY id;"));
    }
}

public sealed class SqliteUssdKeypadTests() : UssdKeypadTests(Engine.Sqlite);

public sealed class PostgresUssdKeypadTests() : UssdKeypadTests(Engine.Postgres);
