using Microsoft.Extensions.Configuration;
using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>
/// A phone that belongs to no chama founds one by WhatsApp, through the signed webhook: every step in English or in
/// Swahili, the chama then in the database with the founder as its chair, and the founder's menu a member's. Self-service
/// off, the daily limit, a retried message and USSD's refusal to found are answered as the operator set them.
/// </summary>
public abstract class FoundingTests : IDisposable
{
    private const string Founder = Phones.Stranger;
    private readonly BotFactory factory;
    private readonly Channels channels;

    protected FoundingTests(Engine engine, bool open = true)
    {
        // Three foundings in a row are more messages than one phone may send a minute in production.
        factory = new BotFactory(engine).With("RateLimits:PerPhonePerMinute", "100");
        if (!open)
        {
            factory.With("Onboarding:Open", "false");
        }

        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    protected BotFactory Factory => factory;

    protected Channels Chat => channels;

    /// <summary>Every answer of a founding in English after NEW CHAMA, the rules list's late fine changed, up to the summary.</summary>
    protected async Task AnswerEveryStepAsync(string phone, string code)
    {
        foreach (var answer in new[] { "Jirani Savers", code, "5000", "3", "1/2/2026", "Achieng Otieno", "1", "3 200", "OK" })
        {
            await channels.WhatsAppAsync(phone, answer);
        }
    }

    protected Task<long> ChamasAsync() => DatabaseProbe.CountAsync(factory, "chamas");

    public abstract class Open(Engine engine) : FoundingTests(engine)
    {
        [Fact]
        public async Task An_unknown_phone_founds_a_chama_in_English_and_is_its_chair_with_a_members_menu()
        {
            Assert.Contains("send NEW CHAMA", await Chat.WhatsAppAsync(Founder, "hi"));
            Assert.StartsWith("New chama. What is your chama's name?", await Chat.WhatsAppAsync(Founder, "NEW CHAMA"));
            Assert.StartsWith("Choose a short code for Jirani Savers", await Chat.WhatsAppAsync(Founder, "Jirani Savers"));
            Assert.StartsWith("A code is 3 to 8 letters and digits, starting with a letter.\nChoose a short code", await Chat.WhatsAppAsync(Founder, "9JIRANI"));
            Assert.StartsWith("Another chama already uses that code", await Chat.WhatsAppAsync(Founder, "umoja"));
            Assert.StartsWith("How much does each member contribute", await Chat.WhatsAppAsync(Founder, "jirani"));
            Assert.StartsWith("M-Pesa collects whole shillings from KES 1 to KES 250,000.", await Chat.WhatsAppAsync(Founder, "300000"));
            Assert.StartsWith("How often do you meet?", await Chat.WhatsAppAsync(Founder, "5,000"));
            Assert.StartsWith("When is the first meeting? Today or later, for example 10/1/2026.", await Chat.WhatsAppAsync(Founder, "3"));
            Assert.StartsWith("The first meeting must be today or later", await Chat.WhatsAppAsync(Founder, "9/1/2026"));
            Assert.StartsWith("What is your own name", await Chat.WhatsAppAsync(Founder, "1/2/2026"));
            Assert.StartsWith("Which seat do you take in the rotation, Achieng Otieno?", await Chat.WhatsAppAsync(Founder, "Achieng Otieno"));
            var rules = await Chat.WhatsAppAsync(Founder, "1");
            Assert.StartsWith("Jirani Savers constitution:\nRule 1: contribution KES 5,000 a member, every month.", rules);
            Assert.Contains("Rule 3: no late fine.", rules);
            var changed = await Chat.WhatsAppAsync(Founder, "3 200");
            Assert.StartsWith("Rule changed.\nJirani Savers constitution:", changed);
            Assert.Contains("Rule 3: late fine KES 200", changed);
            var summary = await Chat.WhatsAppAsync(Founder, "OK");
            Assert.StartsWith("Jirani Savers (JIRANI), first meeting 1 Feb 2026. Achieng Otieno is its chair, on seat 1.", summary);
            Assert.EndsWith("Reply YES to start the chama, 0 to go back, CANCEL to stop.", summary);
            Assert.Equal(1, await ChamasAsync());

            var founded = await Chat.WhatsAppAsync(Founder, "YES");

            Assert.StartsWith("Jirani Savers (JIRANI) is started. You are its chair, on seat 1.", founded);
            Assert.Contains("INVITE <phone> <seat> [ROLE]", founded);
            Assert.Equal(2, await ChamasAsync());
            Assert.Equal(1, await DatabaseProbe.CountAsync(Factory, "members", $"phone = '{Founder}' AND roles = 2 AND seat = 1 AND name = 'Achieng Otieno'"));
            Assert.Equal(200_00, await DatabaseProbe.ScalarAsync<long>(Factory, "SELECT k.late_fine_minor FROM constitutions k JOIN chamas c ON c.id = k.chama_id WHERE c.code = 'JIRANI';"));
            Assert.StartsWith("Jirani Savers\n", await Chat.WhatsAppAsync(Founder, "MENU"));
        }

        [Fact]
        public async Task An_unknown_phone_founds_a_chama_in_Swahili()
        {
            Assert.StartsWith("Chama kipya. Chama chako kinaitwaje?", await Chat.WhatsAppAsync(Founder, "chama mpya"));
            Assert.StartsWith("Chagua msimbo mfupi wa Tumaini", await Chat.WhatsAppAsync(Founder, "Tumaini"));
            Assert.StartsWith("Kila mwanachama anachangia", await Chat.WhatsAppAsync(Founder, "TUMAINI"));
            Assert.StartsWith("Hicho si kiasi.", await Chat.WhatsAppAsync(Founder, "elfu tano"));
            Assert.StartsWith("Mnakutana mara ngapi?", await Chat.WhatsAppAsync(Founder, "2000"));
            Assert.StartsWith("Mkutano wa kwanza ni lini?", await Chat.WhatsAppAsync(Founder, "kila wiki"));
            Assert.StartsWith("Jina lako ni nani", await Chat.WhatsAppAsync(Founder, "leo"));
            Assert.StartsWith("Unachukua nafasi gani katika mzunguko, Wanjiru?", await Chat.WhatsAppAsync(Founder, "Wanjiru"));
            Assert.StartsWith("Katiba ya Tumaini:\nKanuni 1: mchango KES 2,000", await Chat.WhatsAppAsync(Founder, "2"));
            Assert.StartsWith("Kanuni imebadilishwa.", await Chat.WhatsAppAsync(Founder, "7 HAPANA"));
            Assert.EndsWith("Jibu NDIYO kuanzisha chama, 0 kurudi, ACHA kusitisha.", await Chat.WhatsAppAsync(Founder, "SAWA"));

            Assert.StartsWith("Tumaini (TUMAINI) kimeanzishwa. Wewe ni mwenyekiti wake, nafasi 2.", await Chat.WhatsAppAsync(Founder, "NDIYO"));

            Assert.Equal(1, await DatabaseProbe.CountAsync(Factory, "members", $"phone = '{Founder}' AND roles = 2 AND seat = 2 AND language = 'Sw'"));
            Assert.Equal(0, await DatabaseProbe.ScalarAsync<long>(Factory, "SELECT k.members_see_pending FROM constitutions k JOIN chamas c ON c.id = k.chama_id WHERE c.code = 'TUMAINI';"));
            Assert.Equal("Weekly", await DatabaseProbe.ScalarAsync<string>(Factory, "SELECT k.frequency FROM constitutions k JOIN chamas c ON c.id = k.chama_id WHERE c.code = 'TUMAINI';"));
        }

        [Fact]
        public async Task A_retried_webhook_of_the_yes_founds_the_chama_once_and_gets_the_same_answer()
        {
            await Chat.WhatsAppAsync(Founder, "NEW CHAMA");
            await AnswerEveryStepAsync(Founder, "JIRANI");

            var first = await Chat.WhatsAppAsync(Founder, "YES", messageSid: "SM_found_once");
            var retry = await Chat.WhatsAppAsync(Founder, "YES", messageSid: "SM_found_once");

            Assert.Equal(first, retry);
            Assert.Equal(2, await ChamasAsync());
            Assert.Equal(1, await DatabaseProbe.CountAsync(Factory, "audit_log", "action = 'chama.founded'"));
        }

        [Fact]
        public async Task A_code_another_phone_founded_first_is_refused_at_the_yes_and_the_founder_chooses_another()
        {
            const string other = "+254799000098";
            await Chat.WhatsAppAsync(Founder, "NEW CHAMA");
            await AnswerEveryStepAsync(Founder, "JIRANI");
            await Chat.WhatsAppAsync(other, "NEW CHAMA");
            await AnswerEveryStepAsync(other, "JIRANI");
            await Chat.WhatsAppAsync(other, "YES");

            Assert.StartsWith("Another chama already uses that code: choose another.\nChoose a short code for Jirani Savers", await Chat.WhatsAppAsync(Founder, "YES"));
            Assert.StartsWith("How much does each member contribute", await Chat.WhatsAppAsync(Founder, "JIRANI2"));
            Assert.Equal(2, await ChamasAsync());
        }

        [Fact]
        public async Task The_fourth_chama_of_the_day_is_refused()
        {
            foreach (var code in new[] { "JIRANI", "TUMAINI", "UPENDO" })
            {
                await Chat.WhatsAppAsync(Founder, "NEW CHAMA");
                await AnswerEveryStepAsync(Founder, code);
                await Chat.WhatsAppAsync(Founder, "YES");
            }

            var fourth = await Chat.WhatsAppAsync(Founder, "NEW CHAMA");

            Assert.StartsWith("This number has started 3 chamas in the last 24 hours, the most allowed.", fourth);
            Assert.Equal(4, await ChamasAsync());
            Assert.Equal(0, await DatabaseProbe.CountAsync(Factory, "chama_setups", "founded_chama_id IS NULL"));
        }

        [Fact]
        public async Task Cancel_abandons_the_set_up_and_the_phone_is_a_stranger_again()
        {
            await Chat.WhatsAppAsync(Founder, "NEW CHAMA");
            await Chat.WhatsAppAsync(Founder, "Jirani Savers");

            Assert.StartsWith("Chama set-up stopped; nothing was created.", await Chat.WhatsAppAsync(Founder, "cancel"));
            Assert.Contains("not registered with any chama", await Chat.WhatsAppAsync(Founder, "Jirani"));
            Assert.Equal(0, await DatabaseProbe.CountAsync(Factory, "chama_setups"));
        }

        [Fact]
        public async Task A_member_founding_a_chama_keeps_their_menu_until_they_start_and_after_they_stop()
        {
            Assert.StartsWith("New chama.", await Chat.WhatsAppAsync(Phones.Grace, "NEW CHAMA"));
            Assert.StartsWith("Choose a short code for Jirani", await Chat.WhatsAppAsync(Phones.Grace, "Jirani"));
            Assert.StartsWith("Chama set-up stopped", await Chat.WhatsAppAsync(Phones.Grace, "ACHA"));

            Assert.StartsWith("Umoja Investment Club\n1. Pay contribution", await Chat.WhatsAppAsync(Phones.Grace, "hi"));
        }

        [Fact]
        public async Task A_set_up_left_for_a_while_asks_its_question_again_instead_of_taking_the_next_message_as_the_answer()
        {
            await Chat.WhatsAppAsync(Founder, "NEW CHAMA");
            await Chat.WhatsAppAsync(Founder, "Jirani Savers");
            Factory.Clock.Advance(TimeSpan.FromMinutes(11));

            Assert.StartsWith("You were starting a chama: here is where you left off (CANCEL stops).\nChoose a short code for Jirani Savers", await Chat.WhatsAppAsync(Founder, "hi"));
            Assert.StartsWith("How much does each member contribute", await Chat.WhatsAppAsync(Founder, "JIRANI"));
        }

        [Fact]
        public async Task A_set_up_abandoned_for_seven_days_is_deleted_by_the_worker_and_leaves_no_chama()
        {
            await Chat.WhatsAppAsync(Founder, "NEW CHAMA");
            await AnswerEveryStepAsync(Founder, "JIRANI");
            var expiry = Factory.Get<Founding.SetupExpiry>();

            Factory.Clock.Advance(TimeSpan.FromDays(6));
            await expiry.RunOnceAsync(CancellationToken.None);
            Assert.Equal(1, await DatabaseProbe.CountAsync(Factory, "chama_setups"));
            Factory.Clock.Advance(TimeSpan.FromDays(1));
            await expiry.RunOnceAsync(CancellationToken.None);

            Assert.Equal(0, await DatabaseProbe.CountAsync(Factory, "chama_setups"));
            Assert.Equal(1, await ChamasAsync());
            Assert.Contains("not registered with any chama", await Chat.WhatsAppAsync(Founder, "YES"));
        }

        [Fact]
        public async Task On_USSD_a_stranger_is_told_to_start_on_WhatsApp_and_nothing_is_created()
        {
            var screen = await Chat.UssdAsync("ATUid_found", Founder, "");

            Assert.StartsWith("END +254799000099 is not in any chama.", screen);
            Assert.Contains("send NEW CHAMA to Chama.Bot on WhatsApp", screen);
            Assert.True(screen.Length <= 186);
            Assert.Equal(0, await DatabaseProbe.CountAsync(Factory, "chama_setups"));
        }
    }

    public abstract class Closed(Engine engine) : FoundingTests(engine, open: false)
    {
        [Fact]
        public async Task With_self_service_off_NEW_CHAMA_says_to_ask_the_operator_and_creates_nothing()
        {
            Assert.StartsWith("New chamas are not started by message here: ask the operator", await Chat.WhatsAppAsync(Founder, "NEW CHAMA"));
            Assert.Contains("not registered with any chama", await Chat.WhatsAppAsync(Founder, "Jirani"));
            Assert.Equal(0, await DatabaseProbe.CountAsync(Factory, "chama_setups"));
            Assert.Equal(1, await ChamasAsync());
        }
    }
}

public sealed class SqliteFoundingTests() : FoundingTests.Open(Engine.Sqlite);

public sealed class PostgresFoundingTests() : FoundingTests.Open(Engine.Postgres);

public sealed class SqliteClosedFoundingTests() : FoundingTests.Closed(Engine.Sqlite);

/// <summary>
/// With <c>Onboarding:RequireApproval</c> a founded chama can be used only after <c>chama approve</c> on the operator's
/// command line, which tells its founder through the outbox.
/// </summary>
public sealed class FoundingApprovalTests : IDisposable
{
    private readonly BotFactory factory = new BotFactory().With("Onboarding:RequireApproval", "true");

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_chama_awaiting_approval_does_nothing_until_the_operator_approves_it_and_the_founder_is_told()
    {
        var chat = new Channels(factory.CreateClient());
        await chat.WhatsAppAsync(Phones.Stranger, "NEW CHAMA");
        foreach (var answer in new[] { "Jirani Savers", "JIRANI", "5000", "3", "1/2/2026", "Achieng Otieno", "1" })
        {
            await chat.WhatsAppAsync(Phones.Stranger, answer);
        }

        Assert.Contains("The operator approves each new chama before it is used.", await chat.WhatsAppAsync(Phones.Stranger, "OK"));
        Assert.Contains("It waits for the operator's approval", await chat.WhatsAppAsync(Phones.Stranger, "YES"));
        Assert.StartsWith("Jirani Savers waits for the operator's approval", await chat.WhatsAppAsync(Phones.Stranger, "MENU"));

        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Chama"] = factory.Storage.ConnectionString })
            .Build();
        Assert.Equal(0, await Chama.Bot.Cli.OperatorCli.RunAsync(["chama", "approve", "jirani"], configuration, output, error));
        Assert.NotEqual(0, await Chama.Bot.Cli.OperatorCli.RunAsync(["chama", "approve", "JIRANI"], configuration, output, error));

        Assert.Contains("Approved chama JIRANI", output.ToString());
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "outbound_messages", $"phone = '{Phones.Stranger}' AND body LIKE 'Jirani Savers (JIRANI) is approved%'"));
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.StartsWith("Jirani Savers\n", await chat.WhatsAppAsync(Phones.Stranger, "MENU"));
    }
}
