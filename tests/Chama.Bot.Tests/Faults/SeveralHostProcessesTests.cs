using Chama.Bot.Tests.Mpesa;
using Chama.Data;
using Chama.Tests;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chama.Bot.Tests.Faults;

/// <summary>
/// Two real host processes (<c>dotnet Chama.Bot.dll</c>, as an operator runs them) on one fresh PostgreSQL schema, with
/// no sticky sessions: unlike <see cref="SeveralHostsTests"/>, nothing is shared between them but the database — no
/// process memory, no test doubles, each with its own workers. Each test uses its own phone, session and receipt, so
/// the two processes are started once for the class.
/// </summary>
public sealed class SeveralHostProcessesTests(SeveralHostProcessesTests.TwoProcesses processes) : IClassFixture<SeveralHostProcessesTests.TwoProcesses>
{
    [Fact]
    public async Task A_USSD_session_whose_hops_alternate_between_two_host_processes_reaches_the_right_screen()
    {
        var (a, b) = (new Channels(processes.First), new Channels(processes.Second));

        Assert.StartsWith("CON Umoja", await a.UssdAsync("ATUid_procs", Phones.Samuel, ""));
        Assert.StartsWith("CON Round 1", await b.UssdAsync("ATUid_procs", Phones.Samuel, "1"));
        Assert.StartsWith("CON Enter the amount", await a.UssdAsync("ATUid_procs", Phones.Samuel, "1*2"));
        Assert.StartsWith("CON Pay KES 750", await b.UssdAsync("ATUid_procs", Phones.Samuel, "1*2*750"));
        Assert.StartsWith("END You will get an M-Pesa prompt for KES 750.", await a.UssdAsync("ATUid_procs", Phones.Samuel, "1*2*750*1"));

        Assert.Equal(1, await processes.CountAsync("payment_requests", "amount_minor = 75000 AND channel = 'ussd'"));
    }

    [Fact]
    public async Task A_signed_WhatsApp_conversation_whose_messages_alternate_between_two_host_processes_goes_on()
    {
        var (a, b) = (new Channels(processes.First), new Channels(processes.Second));

        Assert.Contains("You owe KES 10,000.", await a.WhatsAppAsync(Phones.Patrick, "PAY"));
        Assert.Contains("Pay KES 10,000 to Umoja Investment Club for round 1 from M-Pesa +254722000002?", await b.WhatsAppAsync(Phones.Patrick, "1"));
        Assert.Contains("Enter your M-Pesa PIN", await a.WhatsAppAsync(Phones.Patrick, "1"));

        Assert.Equal(1, await processes.CountAsync("payment_requests", "amount_minor = 1000000 AND channel = 'whatsapp' AND phone = '+254722000002'"));
    }

    [Fact]
    public async Task The_same_STK_callback_posted_to_both_host_processes_at_once_is_counted_once()
    {
        var database = processes.Database;
        var pairs = await SentPushes.DemoPairsAsync(database);
        await SentPushes.InsertAsync(database, pairs, [("ws_CO_PROCS_1", 2_500)], "procs:stk");
        var callback = DarajaCallbacks.StkSuccess("ws_CO_PROCS_1", 2_500, "UPR0C5AB12");
        var (a, b) = (new DarajaCallbacks(processes.First), new DarajaCallbacks(processes.Second));

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).DeliverAsync("stk", callback))));

        Assert.All(answers, answer => Assert.Equal("0", answer));
        Assert.Equal(1, (await SentPushes.CountsAsync(database, ["UPR0C5AB12"]))["UPR0C5AB12"]);
        Assert.Equal(250_000, await SentPushes.PaidInAsync(database, ["UPR0C5AB12"]));
        Assert.Equal(1, await processes.CountAsync("payment_requests", "request_key = 'procs:stk:0' AND status = 'Completed'"));
    }

    /// <summary>The two processes, started in parallel on one new schema (both migrate and seed; each step happens once).</summary>
    public sealed class TwoProcesses : IAsyncLifetime
    {
        private readonly TestStorage storage = TestStorage.Create(Engine.Postgres);
        private readonly List<HostProcess> hosts = [];
        private ServiceProvider services = null!;

        public HttpClient First { get; private set; } = null!;

        public HttpClient Second { get; private set; } = null!;

        /// <summary>The shared database, through the host's own data layer.</summary>
        public IDatabase Database => services.GetRequiredService<IDatabase>();

        public async Task InitializeAsync()
        {
            var settings = new Dictionary<string, string>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Chama"] = storage.ConnectionString,
                ["Demo:Seed"] = "true",
                ["Mpesa:CallbackToken"] = DarajaCallbacks.Token,
                ["Twilio:AuthToken"] = BotFactory.AuthToken,
                ["Twilio:PublicBaseUrl"] = BotFactory.PublicBaseUrl,
                ["Ussd:CallbackToken"] = BotFactory.UssdToken,
            };
            var started = await Task.WhenAll(HostProcess.StartAsync(settings, TimeSpan.FromSeconds(60)), HostProcess.StartAsync(settings, TimeSpan.FromSeconds(60)));
            hosts.AddRange(started);
            First = new HttpClient { BaseAddress = started[0].BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            Second = new HttpClient { BaseAddress = started[1].BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            services = SentPushes.OpenDatabase(settings);
        }

        public async Task DisposeAsync()
        {
            First?.Dispose();
            Second?.Dispose();
            hosts.ForEach(host => host.Dispose());
            if (services is not null)
            {
                await services.DisposeAsync();
            }

            storage.Dispose();
        }

        public Task<long> CountAsync(string table, string where) =>
            Database.ReadAsync((connection, transaction) => connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {where};", transaction: transaction));
    }
}
