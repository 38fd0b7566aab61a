using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Outbox;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>
/// A welfare request the fund cannot pay is refused when it is made; one the fund can no longer pay when its last
/// approval comes is closed, a recorded fact, and is no longer open.
/// </summary>
public abstract class WelfareFundTruthTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private ApprovalStore approvals = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        approvals = new ApprovalStore(db.Database, db.Clock);
        await db.Welfare.RecordContributionAsync(umoja.Grace.Id, Money.Kes(3_000), "QKJ4HT8MW1", TestDatabase.Treasurer);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Task<WelfareRequest> RequestAsync(Member member, long shillings) =>
        db.Welfare.RequestAsync(member.Id, WelfareKind.Hospital, Money.Kes(shillings), "Clinic bill", TestDatabase.Treasurer);

    private async Task ApproveByBothAsync(WelfareRequest request)
    {
        await approvals.DecideAsync(umoja.Grace, ApprovalKind.Welfare, request.Id, Decision.Approve, null, "test");
        await approvals.DecideAsync(umoja.Patrick, ApprovalKind.Welfare, request.Id, Decision.Approve, null, "test");
    }

    private static IEnumerable<OutboundMessage> Notices(WelfareClosure closure, IReadOnlyList<Member> officers) =>
        officers.Where(o => o.Id != closure.Officer.Id).Prepend(closure.Requester)
            .Select(m => new OutboundMessage($"welfare-closed:{closure.Request.Id}:{m.Id}", m.ChamaId, m.Id, m.Phone, $"W{closure.Request.Id} closed"));

    [Fact]
    public async Task A_request_for_more_than_the_fund_holds_is_refused_when_made_saying_what_it_holds()
    {
        var refused = await Assert.ThrowsAsync<ChamaException>(() => RequestAsync(umoja.Samuel, 3_001));

        Assert.Equal(ChamaError.InsufficientWelfareFunds, refused.Error);
        Assert.Equal(Money.Kes(3_000), refused.Facts);
        Assert.Equal(0, await db.CountAsync("welfare_requests"));
    }

    [Fact]
    public async Task Payouts_already_on_their_way_are_not_offered_again_to_a_new_request()
    {
        await ApproveByBothAsync(await RequestAsync(umoja.Samuel, 2_000));

        var refused = await Assert.ThrowsAsync<ChamaException>(() => RequestAsync(umoja.Diana, 1_500));

        Assert.Equal(ChamaError.InsufficientWelfareFunds, refused.Error);
        Assert.Equal(Money.Kes(1_000), refused.Facts);
        Assert.Equal(Money.Kes(1_000), (await RequestAsync(umoja.Diana, 1_000)).Amount);
    }

    [Fact]
    public async Task A_request_the_fund_can_no_longer_pay_at_its_last_approval_is_closed_and_no_longer_open()
    {
        var samuels = await RequestAsync(umoja.Samuel, 2_000);
        var dianas = await RequestAsync(umoja.Diana, 2_000);
        await ApproveByBothAsync(samuels);
        await approvals.DecideAsync(umoja.Grace, ApprovalKind.Welfare, dianas.Id, Decision.Approve, null, "test");

        var (outcome, _) = await approvals.DecideAsync(umoja.Patrick, ApprovalKind.Welfare, dianas.Id, Decision.Approve, null, "test");
        var closure = await db.Welfare.CloseUnpayableAsync(umoja.Patrick, dianas.Id, "test", Notices);

        Assert.Equal(DecisionOutcome.CannotPay, outcome);
        Assert.NotNull(closure);
        Assert.Equal(Money.Kes(1_000), closure.Fund);
        Assert.DoesNotContain(await approvals.GetOpenAsync(umoja.Chama.Id), p => p.Subject.Code == $"W{dianas.Id}");
        Assert.Equal(WelfareRequestStatus.Closed, (await db.Welfare.ListRequestsAsync(umoja.Chama.Id)).Single(r => r.Id == dianas.Id).Status);
        Assert.Equal(
            new[] { $"welfare-closed:{dianas.Id}:{umoja.Diana.Id}", $"welfare-closed:{dianas.Id}:{umoja.Grace.Id}" }.Order(),
            (await new Outbox.Outbox(db.Database, db.Clock).KeysLikeAsync("welfare-closed:%")).Order());
    }

    [Fact]
    public async Task A_request_is_closed_once_and_only_when_the_fund_is_short()
    {
        var samuels = await RequestAsync(umoja.Samuel, 2_000);
        var dianas = await RequestAsync(umoja.Diana, 2_000);

        Assert.Null(await db.Welfare.CloseUnpayableAsync(umoja.Patrick, dianas.Id, "test", Notices));
        await ApproveByBothAsync(samuels);
        Assert.NotNull(await db.Welfare.CloseUnpayableAsync(umoja.Patrick, dianas.Id, "test", Notices));
        Assert.Null(await db.Welfare.CloseUnpayableAsync(umoja.Grace, dianas.Id, "test", Notices));
        Assert.Equal(1, await db.CountAsync("welfare_request_closures"));
    }
}

public sealed class SqliteWelfareFundTruthTests() : WelfareFundTruthTests(Engine.Sqlite);

public sealed class PostgresWelfareFundTruthTests() : WelfareFundTruthTests(Engine.Postgres);
