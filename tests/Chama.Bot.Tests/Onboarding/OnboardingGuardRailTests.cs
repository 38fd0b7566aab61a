using Chama.Bot.Cli;
using Chama.Bot.Notifications;
using Chama.Data.Chamas;
using Chama.Data.Outbox;
using Chama.Tests;
using Microsoft.Extensions.Configuration;
using static Chama.Bot.Tests.Onboarding.ChamaByChat;

namespace Chama.Bot.Tests.Onboarding;

/// <summary>
/// The guard rails around a chama that sets itself up, end to end through the signed WhatsApp webhook: an invitee who
/// declines or stays silent leaves the seat open and the start refused; the per-phone daily limit is a rolling day;
/// self-service off still lets invitees join; an operator's approval holds a founded chama until <c>chama approve</c>.
/// The host's clock reads 10 January 2026.
/// </summary>
public abstract class OnboardingGuardRailTests : IDisposable
{
    private readonly BotFactory factory;
    private readonly Channels chat;

    protected OnboardingGuardRailTests(Engine engine, params (string Key, string Value)[] settings)
    {
        // A founding is more messages than one phone may send a minute in production.
        factory = new BotFactory(engine).With("RateLimits:PerPhonePerMinute", "100");
        foreach (var (key, value) in settings)
        {
            factory.With(key, value);
        }

        chat = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    protected BotFactory Factory => factory;

    protected Channels Chat => chat;

    protected Task<long> CyclesOfJiraniAsync() => DatabaseProbe.CountAsync(factory, "cycles", "chama_id IN (SELECT id FROM chamas WHERE code = 'JIRANI')");

    protected Task<long> MembersOfJiraniAsync(string where = "1 = 1") =>
        DatabaseProbe.CountAsync(factory, "members", $"chama_id IN (SELECT id FROM chamas WHERE code = 'JIRANI') AND {where}");

    protected Task<IReadOnlyList<QueuedMessage>> OutboxAsync(string phone) => factory.Get<Outbox>().ListForPhoneAsync(Core.PhoneNumber.Parse(phone));

    public abstract class SelfService(Engine engine) : OnboardingGuardRailTests(engine)
    {
        [Fact]
        public async Task A_declined_officer_seat_stays_open_and_the_start_is_refused_until_another_accepts_it()
        {
            await Chat.FoundJiraniAsync();
            await Chat.InviteOfficersAndAMemberAsync();
            await Chat.WhatsAppAsync(Treasurer, "JOIN JIRANI");
            await Chat.WhatsAppAsync(Member, "JOIN JIRANI");

            Assert.StartsWith("You declined the invitation to Jirani Savers. You will not be invited there again.", await Chat.WhatsAppAsync(Secretary, "DECLINE JIRANI"));

            // Without its secretary the chair's round has one other officer to approve it: refused, and seat 3 is free.
            Assert.StartsWith(
                "The cycle cannot start yet. Still missing:\n- A payout to Achieng Otieno, Otieno Omondi could never be approved: 2 officers' approvals are required and only 1 other officer may approve it.",
                await Chat.WhatsAppAsync(Founder, "START CYCLE"));
            Assert.Contains("- Seat 3: +2547******03 (Akinyi Atieno), secretary: declined", await Chat.WhatsAppAsync(Founder, "INVITES"));
            Assert.Equal(0, await MembersOfJiraniAsync("seat = 3"));
            Assert.StartsWith("Invitation sent to +2547******05 for seat 3 as secretary.", await Chat.WhatsAppAsync(Founder, "INVITE 0701100005 3 SECRETARY Esther Njeri"));
            Assert.StartsWith("The cycle cannot start yet. Still missing:\n- Seat 3: the invitee has not accepted yet.\n", await Chat.WhatsAppAsync(Founder, "START CYCLE"));
            Assert.Equal(0, await CyclesOfJiraniAsync());

            await Chat.WhatsAppAsync("+254701100005", "JOIN JIRANI");

            Assert.Contains("\n3. Esther Njeri, 1 Apr 2026\n", await Chat.WhatsAppAsync(Founder, "START CYCLE"));
            Assert.Equal(0, await MembersOfJiraniAsync($"phone = '{Secretary}'"));
            Assert.Equal(1, await CyclesOfJiraniAsync());
        }

        [Fact]
        public async Task A_lapsed_officer_invitation_leaves_the_seat_open_and_the_start_refused()
        {
            await Chat.FoundJiraniAsync();
            await Chat.InviteOfficersAndAMemberAsync();
            await Chat.WhatsAppAsync(Secretary, "JOIN JIRANI");
            await Chat.WhatsAppAsync(Member, "JOIN JIRANI");

            Factory.Clock.Advance(TimeSpan.FromDays(7));

            // The seat is free once the seven days are over, before the lapse worker has marked the invitation.
            var refused = await Chat.WhatsAppAsync(Founder, "START CYCLE");
            Assert.StartsWith(
                "The cycle cannot start yet. Still missing:\n- A payout to Achieng Otieno, Akinyi Atieno could never be approved: 2 officers' approvals are required and only 1 other officer may approve it.",
                refused);
            Assert.DoesNotContain("Seat 2", refused);
            await Factory.Get<InvitationLapseScheduler>().RunOnceAsync(default);
            Assert.Equal(refused, await Chat.WhatsAppAsync(Founder, "START CYCLE"));
            Assert.StartsWith("The invitation to Jirani Savers lapsed after 7 days without an answer.", await Chat.WhatsAppAsync(Treasurer, "JOIN JIRANI"));
            Assert.Equal(0, await MembersOfJiraniAsync("seat = 2"));
            Assert.Contains("- Seat 2: +2547******02 (Otieno Omondi), treasurer: lapsed", await Chat.WhatsAppAsync(Founder, "INVITES"));
            Assert.StartsWith("Invitation sent to +2547******05 for seat 2 as treasurer.", await Chat.WhatsAppAsync(Founder, "INVITE 0701100005 2 TREASURER Esther Njeri"));
            Assert.Equal(0, await CyclesOfJiraniAsync());
        }

        [Fact]
        public async Task The_daily_limit_is_a_rolling_day()
        {
            foreach (var code in new[] { "JIRANI", "TUMAINI", "UPENDO" })
            {
                foreach (var answer in new[] { "NEW CHAMA", "Jirani Savers", code, "5000", "3", "1/2/2026", "Achieng Otieno", "1", "OK", "YES" })
                {
                    await Chat.WhatsAppAsync(Founder, answer);
                }
            }

            Factory.Clock.Advance(TimeSpan.FromHours(23));
            Assert.StartsWith("This number has started 3 chamas in the last 24 hours, the most allowed.", await Chat.WhatsAppAsync(Founder, "NEW CHAMA"));
            Assert.Equal(0, await DatabaseProbe.CountAsync(Factory, "chama_setups", "founded_chama_id IS NULL"));

            Factory.Clock.Advance(TimeSpan.FromHours(1));
            Assert.StartsWith("New chama. What is your chama's name?", await Chat.WhatsAppAsync(Founder, "NEW CHAMA"));
            Assert.Equal(1, await DatabaseProbe.CountAsync(Factory, "chama_setups", "founded_chama_id IS NULL"));
        }
    }

    public abstract class Closed(Engine engine) : OnboardingGuardRailTests(engine, ("Onboarding:Open", "false"))
    {
        [Fact]
        public async Task With_self_service_off_an_operators_chama_still_invites_and_its_invitee_joins()
        {
            Assert.StartsWith("New chamas are not started by message here: ask the operator of this service to create yours.", await Chat.WhatsAppAsync(Founder, "NEW CHAMA"));
            Assert.Equal(0, await DatabaseProbe.CountAsync(Factory, "chama_setups"));

            Assert.StartsWith("Invitation sent to +2547******05 for seat 5.", await Chat.WhatsAppAsync(Phones.Patrick, "INVITE 0701100005 5 Esther Njeri"));
            Assert.StartsWith("Welcome to Umoja Investment Club: you are the member on seat 5.", await Chat.WhatsAppAsync("+254701100005", "JOIN UMOJA"));
            Assert.Equal(1, await DatabaseProbe.CountAsync(Factory, "members", "phone = '+254701100005' AND seat = 5 AND name = 'Esther Njeri'"));
        }
    }

    public abstract class Approval(Engine engine) : OnboardingGuardRailTests(engine, ("Onboarding:RequireApproval", "true"))
    {
        [Fact]
        public async Task A_founded_chama_invites_and_starts_nothing_until_the_operator_approves_it_and_the_founder_is_told()
        {
            Assert.Contains("It waits for the operator's approval: you will be told when it can be used.", await Chat.FoundJiraniAsync());
            var before = await DatabaseProbe.SnapshotAsync(Factory);

            // Every message in a chama awaiting approval is answered so, before any command (the stores refuse too).
            const string awaiting = "Jirani Savers waits for the operator's approval before it can be used. You will be told when it is approved.";
            Assert.StartsWith(awaiting, await Chat.WhatsAppAsync(Founder, "INVITE 0701100002 2 TREASURER Otieno Omondi"));
            Assert.StartsWith(awaiting, await Chat.WhatsAppAsync(Founder, "START CYCLE"));
            Assert.Equal(before, await DatabaseProbe.SnapshotAsync(Factory));
            Assert.Equal(0, await DatabaseProbe.CountAsync(Factory, "invitations"));
            Assert.Empty(await OutboxAsync(Treasurer));

            var approved = await RunCliAsync("chama", "approve", "jirani");

            Assert.Equal((0, "Approved chama JIRANI (Jirani Savers); its founder is told.\n"), (approved.ExitCode, approved.Output.ReplaceLineEndings("\n")));
            Assert.Contains(await OutboxAsync(Founder), m => m.Body == "Jirani Savers (JIRANI) is approved and ready: invite your members with INVITE <phone> <seat> [ROLE].");
            // The approval came from another process: the host sees it once its cached copy of the chama expires.
            Factory.Clock.Advance(ChamaStore.ChamaCacheExpiry + TimeSpan.FromSeconds(1));
            Assert.StartsWith("Invitation sent to +2547******02 for seat 2 as treasurer.", await Chat.WhatsAppAsync(Founder, "INVITE 0701100002 2 TREASURER Otieno Omondi"));
            Assert.DoesNotContain("The operator has not approved", await Chat.WhatsAppAsync(Founder, "START CYCLE"));

            var again = await RunCliAsync("chama", "approve", "JIRANI");
            Assert.Equal((1, "JIRANI does not wait for an approval."), (again.ExitCode, again.Error.Trim()));
            Assert.Single(await OutboxAsync(Founder), m => m.IdempotencyKey.StartsWith("chama-approved:", StringComparison.Ordinal));
        }

        /// <summary>The operator's command line on the host's own database, as an operator runs it beside the host.</summary>
        private async Task<Cli.CliResult> RunCliAsync(params string[] args)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Chama"] = Factory.Storage.ConnectionString,
                ["Database:Provider"] = Factory.Storage.Engine.ToString(),
            }).Build();
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await OperatorCli.RunAsync(args, configuration, output, error, Factory.Clock);
            return new Cli.CliResult(code, output.ToString(), error.ToString());
        }
    }
}

public sealed class SqliteOnboardingGuardRailTests() : OnboardingGuardRailTests.SelfService(Engine.Sqlite);

public sealed class PostgresOnboardingGuardRailTests() : OnboardingGuardRailTests.SelfService(Engine.Postgres);

public sealed class SqliteClosedOnboardingGuardRailTests() : OnboardingGuardRailTests.Closed(Engine.Sqlite);

public sealed class PostgresClosedOnboardingGuardRailTests() : OnboardingGuardRailTests.Closed(Engine.Postgres);

public sealed class SqliteApprovalOnboardingGuardRailTests() : OnboardingGuardRailTests.Approval(Engine.Sqlite);

public sealed class PostgresApprovalOnboardingGuardRailTests() : OnboardingGuardRailTests.Approval(Engine.Postgres);
