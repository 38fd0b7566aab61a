using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>
/// An officer starts a chama's cycle by reply, through the signed WhatsApp webhook: only when it is ready, with a refusal
/// that names every condition still missing, and every member is told their round. The host's clock reads 10 January 2026.
/// </summary>
public abstract class CycleStartByReplyTests(Engine engine) : IDisposable
{
    private const string Wanjiru = "+254701000001";
    private const string Otieno = "+254701000002";
    private const string Akinyi = "+254701000003";
    private const string Kamau = "+254701000004";

    private readonly BotFactory factory = new(engine);

    public void Dispose() => factory.Dispose();

    private Channels Channels => new(factory.CreateClient());

    [Fact]
    public async Task An_officer_starts_the_cycle_by_reply_and_every_member_is_told_their_round()
    {
        await JiraniAsync(officers: 3);

        var reply = await Channels.WhatsAppAsync(Wanjiru, "START CYCLE 31/1/2026");

        Assert.StartsWith("Cycle 1 of Jirani Savings has started with 4 rounds; every member has been told their round.\n1. Wanjiru Achieng, 31 Jan 2026\n2. Otieno Omondi, 28 Feb 2026", reply, StringComparison.Ordinal);
        Assert.Equal(4, await DatabaseProbe.CountAsync(factory, "rounds", "cycle_id IN (SELECT id FROM cycles WHERE chama_id IN (SELECT id FROM chamas WHERE code = 'JIRANI'))"));
        var kamau = await DatabaseProbe.ScalarAsync<string>(factory, "SELECT body FROM outbound_messages WHERE idempotency_key LIKE 'cycle-started:%' AND phone = @phone;", new { phone = Kamau });
        Assert.Equal(
            "Cycle 1 of Jirani Savings has started: KES 500 from each member every month, the first by 31 Jan 2026. You receive the pot in round 4, on 30 Apr 2026. Reply MENU to pay or see your balance.",
            kamau);
        Assert.Equal(4, await DatabaseProbe.CountAsync(factory, "outbound_messages", "idempotency_key LIKE 'cycle-started:%' AND template = 'cycle_started'"));
    }

    [Fact]
    public async Task Anza_mzunguko_starts_the_cycle_in_swahili()
    {
        await JiraniAsync(officers: 3, language: Language.Sw);

        Assert.StartsWith("Mzunguko 1 wa Jirani Savings umeanza na raundi 4;", await Channels.WhatsAppAsync(Wanjiru, "ANZA MZUNGUKO 2026-01-10"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_missing_condition_is_named_and_nothing_is_started()
    {
        await JiraniAsync(officers: 1);
        var before = await DatabaseProbe.SnapshotAsync(factory);

        var reply = await Channels.WhatsAppAsync(Wanjiru, "START CYCLE 9/1/2026");

        Assert.StartsWith("The cycle cannot start yet. Still missing:\n- A payout to Wanjiru Achieng, Otieno Omondi, Akinyi Atieno, Kamau Njoroge could never be approved: 2 officers' approvals are required and only 0 other officers may approve it.", reply, StringComparison.Ordinal);
        Assert.Contains("make 2 more members officers.", reply, StringComparison.Ordinal);
        Assert.Contains("\n- The first meeting (9 Jan 2026) has already passed: choose today or a later date.\nNothing was started.", reply, StringComparison.Ordinal);
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
    }

    [Fact]
    public async Task A_seat_offered_to_an_invitee_who_has_not_accepted_stops_the_start_until_they_do()
    {
        const string esther = "+254701000005";
        await JiraniAsync(officers: 3);
        await Channels.WhatsAppAsync(Wanjiru, "INVITE 0701000005 5 Esther Wambui");

        Assert.Contains("\n- Seat 5: the invitee has not accepted yet.\n", await Channels.WhatsAppAsync(Wanjiru, "START CYCLE 31/1/2026"), StringComparison.Ordinal);
        Assert.Equal(0, await CyclesOfAsync("JIRANI"));

        await Channels.WhatsAppAsync(esther, "JOIN JIRANI");

        Assert.StartsWith("Cycle 1 of Jirani Savings has started with 5 rounds;", await Channels.WhatsAppAsync(Wanjiru, "START CYCLE 31/1/2026"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chama_of_one_member_cannot_start_a_rotation()
    {
        var chama = await factory.Get<ChamaStore>().CreateChamaAsync("Peke Yangu", "PEKE", Constitution.Monthly(Money.Kes(500)) with { ApprovalsRequired = 1 }, Actor.System("test"));
        await factory.Get<ChamaStore>().AddMemberAsync(chama.Id, new NewMember("Wanjiru Achieng", Wanjiru, 1, MemberRoles.Chair), Actor.System("test"));

        Assert.Contains("- At least two members who accepted: the chama has 1.", await Channels.WhatsAppAsync(Wanjiru, "START CYCLE 31/1/2026"), StringComparison.Ordinal);
        Assert.Equal(0, await CyclesOfAsync("PEKE"));
    }

    [Fact]
    public async Task A_member_who_is_no_officer_cannot_start_the_cycle()
    {
        await JiraniAsync(officers: 3);

        Assert.StartsWith("Only the chama's officers can start a cycle.", await Channels.WhatsAppAsync(Kamau, "START CYCLE 31/1/2026"), StringComparison.Ordinal);
        Assert.Equal(0, await CyclesOfAsync("JIRANI"));
    }

    [Theory]
    [InlineData("START CYCLE")]
    [InlineData("START CYCLE 01/31/2026")]
    [InlineData("START CYCLE tomorrow")]
    public async Task A_start_without_a_date_it_can_read_asks_for_one(string message)
    {
        await JiraniAsync(officers: 3);

        Assert.StartsWith("Write START CYCLE and the first meeting's date, for example START CYCLE 17/1/2026.", await Channels.WhatsAppAsync(Wanjiru, message), StringComparison.Ordinal);
        Assert.Equal(0, await CyclesOfAsync("JIRANI"));
    }

    [Fact]
    public async Task A_second_start_while_a_cycle_runs_is_refused()
    {
        await JiraniAsync(officers: 3);
        await Channels.WhatsAppAsync(Wanjiru, "START CYCLE 31/1/2026");

        Assert.StartsWith("Cycle 1 is still running: a new cycle starts once it is closed.", await Channels.WhatsAppAsync(Otieno, "START CYCLE 31/3/2026"), StringComparison.Ordinal);
        Assert.Equal(1, await CyclesOfAsync("JIRANI"));
    }

    private Task<long> CyclesOfAsync(string code) => DatabaseProbe.CountAsync(factory, "cycles", $"chama_id IN (SELECT id FROM chamas WHERE code = '{code}')");

    /// <summary>Jirani Savings, KES 500 a month, a quorum of two, four members of whom the first <paramref name="officers"/> are officers.</summary>
    private async Task JiraniAsync(int officers, Language language = Language.En)
    {
        var chamas = factory.Get<ChamaStore>();
        var setUp = Actor.System("test");
        var chama = await chamas.CreateChamaAsync("Jirani Savings", "JIRANI", Constitution.Monthly(Money.Kes(500)) with { ApprovalsRequired = 2 }, setUp);
        MemberRoles[] roles = [MemberRoles.Chair, MemberRoles.Treasurer, MemberRoles.Secretary];
        (string Name, string Phone)[] people = [("Wanjiru Achieng", Wanjiru), ("Otieno Omondi", Otieno), ("Akinyi Atieno", Akinyi), ("Kamau Njoroge", Kamau)];
        for (var seat = 1; seat <= people.Length; seat++)
        {
            var role = seat <= officers ? roles[seat - 1] : MemberRoles.Member;
            await chamas.AddMemberAsync(chama.Id, new NewMember(people[seat - 1].Name, people[seat - 1].Phone, seat, role, language), setUp);
        }
    }
}

public sealed class SqliteCycleStartByReplyTests() : CycleStartByReplyTests(Engine.Sqlite);

public sealed class PostgresCycleStartByReplyTests() : CycleStartByReplyTests(Engine.Postgres);
