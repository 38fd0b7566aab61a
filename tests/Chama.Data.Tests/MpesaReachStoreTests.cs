using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Disbursements;
using Chama.Data.Payments;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>
/// M-Pesa moves only shillings, to and from Kenyan numbers: a push for anything else is refused before it is queued,
/// and a payout it cannot make is approved as usual but never claimed for B2C, left for the officers to pay by hand.
/// </summary>
public abstract class MpesaReachStoreTests(Engine engine) : IAsyncLifetime
{
    private const string London = "+447911123456";
    private TestDatabase db = null!;
    private ApprovalStore approvals = null!;
    private DisbursementStore payouts = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        approvals = new ApprovalStore(db.Database, db.Clock);
        payouts = new DisbursementStore(db.Database, db.Clock);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_payout_to_a_receive_phone_abroad_is_approved_but_only_the_kenyan_one_is_claimed_for_M_Pesa()
    {
        var (members, rounds) = await SeedAsync(Money.Kes(10_000), graceReceives: London);
        await PayRoundAsync(members, rounds[0], Money.Kes(10_000), "A");
        await PayRoundAsync(members, rounds[1], Money.Kes(10_000), "B");

        await ApproveAsync(rounds[0], members[1], members[2]);
        await ApproveAsync(rounds[1], members[0], members[2]);
        var claimed = await payouts.ClaimApprovedAsync(10);

        Assert.Equal(rounds[1].Id, Assert.Single(claimed).SubjectId);
        var waiting = Assert.Single(await payouts.ListForSubjectAsync(ApprovalKind.Pot, rounds[0].Id));
        Assert.Equal((DisbursementStatus.Approved, London), (waiting.Status, waiting.ReceivePhone.E164));
        Assert.Empty(await payouts.ClaimApprovedAsync(10));
    }

    [Fact]
    public async Task A_pound_payout_with_pence_is_approved_beyond_M_Pesas_limits_and_never_claimed()
    {
        var (members, rounds) = await SeedAsync(new Money(5_025, "GBP"));
        await PayRoundAsync(members, rounds[0], new Money(5_025, "GBP"), "C");

        await ApproveAsync(rounds[0], members[1], members[2]);

        var waiting = Assert.Single(await payouts.ListForSubjectAsync(ApprovalKind.Pot, rounds[0].Id));
        Assert.Equal((DisbursementStatus.Approved, new Money(15_075, "GBP")), (waiting.Status, waiting.Amount));
        Assert.Empty(await payouts.ClaimApprovedAsync(10));
    }

    [Theory]
    [InlineData("GBP", "0722000002")]
    [InlineData("KES", London)]
    public async Task A_push_M_Pesa_cannot_make_is_refused_and_nothing_queued(string currency, string phone)
    {
        var (members, rounds) = await SeedAsync(Money.Major(500, currency));
        var store = new PaymentRequestStore(db.Database, db.Clock);

        var refused = await Assert.ThrowsAsync<ChamaException>(() => store.QueueAsync(new NewPaymentRequest(
            "test:push", members[0].ChamaId, members[0].Id, rounds[0].Id, Money.Major(500, currency), PhoneNumber.Parse(phone), "whatsapp")));

        Assert.Equal(ChamaError.MpesaUnavailable, refused.Error);
        Assert.Equal(0, await db.CountAsync("payment_requests"));
    }

    /// <summary>Three officers on seats 1 to 3, so every pot has two others to approve it; Grace may receive abroad.</summary>
    private async Task<(IReadOnlyList<Member> Members, IReadOnlyList<Round> Rounds)> SeedAsync(Money contribution, string? graceReceives = null)
    {
        var chama = await db.Chamas.CreateChamaAsync("Diaspora Club", "DIASPORA", Constitution.Monthly(contribution), TestDatabase.Treasurer);
        var members = new List<Member>
        {
            await db.Chamas.AddMemberAsync(chama.Id, new NewMember("Grace Wanjiku", "0712000001", 1, MemberRoles.Treasurer, ReceivePhone: graceReceives), TestDatabase.Treasurer),
            await db.Chamas.AddMemberAsync(chama.Id, new NewMember("Patrick Ochieng", "0722000002", 2, MemberRoles.Chair), TestDatabase.Treasurer),
            await db.Chamas.AddMemberAsync(chama.Id, new NewMember("Diana Mwangi", "0733000003", 3, MemberRoles.Secretary), TestDatabase.Treasurer),
        };
        var cycle = await db.Cycles.StartCycleAsync(chama.Id, new DateOnly(2026, 1, 31), TestDatabase.Treasurer);
        return (members, await db.Cycles.GetRoundsAsync(cycle.Id));
    }

    private async Task PayRoundAsync(IReadOnlyList<Member> members, Round round, Money each, string series)
    {
        foreach (var member in members)
        {
            await db.Ledger.RecordAsync(new ContributionRequest(round.Id, member.Id, each, $"CASH-{series}-{member.Seat}"), TestDatabase.Treasurer);
        }
    }

    private async Task ApproveAsync(Round round, params Member[] officers)
    {
        foreach (var officer in officers)
        {
            var (outcome, _) = await approvals.DecideAsync(officer, ApprovalKind.Pot, round.Id, Decision.Approve, null, "test");
            Assert.Equal(DecisionOutcome.Recorded, outcome);
        }
    }
}

public sealed class SqliteMpesaReachStoreTests() : MpesaReachStoreTests(Engine.Sqlite);

public sealed class PostgresMpesaReachStoreTests() : MpesaReachStoreTests(Engine.Postgres);
