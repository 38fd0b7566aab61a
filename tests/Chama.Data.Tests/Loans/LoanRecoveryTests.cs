using Chama.Core;
using Chama.Data.Loans;
using Chama.Data.Outbox;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests.Loans;

/// <summary>
/// Recovering a defaulted loan from its guarantors' pledges (<c>K</c>) under the officers' quorum of two. Samuel borrowed
/// KES 30,000 on 10 January at 1.5% a month on the reducing balance over 6 months, guaranteed by Diana and Wanjiru for
/// KES 7,500 each (both have KES 10,000 of savings), and paid nothing: by 14 April three instalments are missed and the loan is in default, owing the
/// principal, four months' interest (1,800) and three penalties (527 + 534 + 541 = 1,602).
/// </summary>
public abstract class LoanRecoveryTests(Engine engine) : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private Member wanjiru = null!;
    private long loanId;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync(Constitution.Monthly(Money.Kes(10_000)) with { Loans = new LoanRules(3, null, InterestMethod.Reducing, 150, 12, 2, 50, 10, 80, 3) });
        wanjiru = await db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Wanjiru Kamau", "0744000005", 5), TestDatabase.Treasurer);
        await using (var connection = await db.ConnectAsync())
        {
            loanId = await PaidOutLoans.SeedAsync(
                connection, umoja.Chama.Id, umoja.Samuel.Id, Money.Kes(30_000), InterestMethod.Reducing, 150, 6, db.Clock.GetUtcNow(),
                [(umoja.Diana.Id, Money.Kes(7_500)), (wanjiru.Id, Money.Kes(7_500))]);
            await PaidOutLoans.SaveAsync(connection, umoja.Chama.Id, umoja.Diana.Id, Money.Kes(10_000), "QKJ4HT8SV1", db.Clock.GetUtcNow());
            await PaidOutLoans.SaveAsync(connection, umoja.Chama.Id, wanjiru.Id, Money.Kes(10_000), "QKJ4HT8SV2", db.Clock.GetUtcNow());
        }
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private LoanRecoveries Recoveries => new(db.Database, db.Clock);

    [Fact]
    public async Task A_recovery_carried_by_the_quorum_moves_each_pledge_onto_the_loan_exactly_once()
    {
        await DefaultAsync();

        var proposed = await Recoveries.ProposeAsync(umoja.Grace, loanId, "test", Told);
        Assert.Equal(RecoveryOutcome.Recorded, proposed.Outcome);
        Assert.Equal(1, proposed.Recovery!.Approvals);
        Assert.Equal(0, await db.CountAsync("loan_recoveries"));

        var carried = await Recoveries.DecideAsync(umoja.Patrick, loanId, Decision.Approve, null, "test", Told);
        Assert.Equal(RecoveryOutcome.Recovered, carried.Outcome);
        Assert.False(carried.Taken!.Repaid);
        Assert.Equal(Money.Kes(18_402), carried.Taken.After.PrincipalOutstanding);

        // Diana's pledge pays the penalties, the interest and 4,098 of the principal; Wanjiru's pays 7,500 of principal.
        var rows = await db.Database.ReadAsync((c, t) => Dapper.SqlMapper.QueryAsync<(long Member, long Penalty, long Interest, long Principal)>(
            c, "SELECT member_id, penalty_minor, interest_minor, principal_minor FROM loan_recoveries WHERE source = 'Pledge' ORDER BY id;", transaction: t));
        Assert.Equal([(umoja.Diana.Id, 160_200L, 180_000L, 409_800L), (wanjiru.Id, 0L, 0L, 750_000L)], rows);
        Assert.Equal(1, await db.CountAsync("loan_events WHERE status = 'Recovered'"));

        Assert.Equal(RecoveryOutcome.NotOpen, (await Recoveries.DecideAsync(umoja.Patrick, loanId, Decision.Approve, null, "test", Told)).Outcome);
        Assert.Equal(RecoveryOutcome.Closed, (await Recoveries.ProposeAsync(umoja.Grace, loanId, "test", Told)).Outcome);
        Assert.Equal(2, await db.CountAsync("loan_recoveries"));
        Assert.Equal(3, await db.CountAsync("outbound_messages WHERE idempotency_key LIKE 'test-recovered:%'"));
    }

    [Fact]
    public async Task A_guarantor_gives_no_more_than_the_savings_they_hold()
    {
        await DefaultAsync();
        await using (var connection = await db.ConnectAsync())
        {
            // Wanjiru's savings are cut to 5,000 by an earlier recovery of another loan she guaranteed (written directly).
            var other = await PaidOutLoans.SeedAsync(connection, umoja.Chama.Id, umoja.Diana.Id, Money.Kes(1_000), InterestMethod.Flat, 100, 1, db.Clock.GetUtcNow(), []);
            await connection.ExecuteAsync(
                "INSERT INTO loan_recoveries (loan_id, member_id, source, penalty_minor, interest_minor, principal_minor, recovered_at) VALUES (@other, @Id, 'Pledge', 0, 0, 500000, 0);",
                new { other, wanjiru.Id });
        }

        await Recoveries.ProposeAsync(umoja.Grace, loanId, "test", Told);
        var carried = await Recoveries.DecideAsync(umoja.Patrick, loanId, Decision.Approve, null, "test", Told);

        Assert.Equal([(umoja.Diana.Id, Money.Kes(7_500)), (wanjiru.Id, Money.Kes(5_000))], carried.Taken!.Taken.Select(t => (t.MemberId, t.Amount)));
    }

    [Fact]
    public async Task A_loan_not_in_default_cannot_be_recovered()
    {
        var refused = await Recoveries.ProposeAsync(umoja.Grace, loanId, "test", Told);

        Assert.Equal(RecoveryOutcome.NotDefaulted, refused.Outcome);
        Assert.Equal(0, await db.CountAsync("loan_recovery_proposals"));
    }

    [Fact]
    public async Task The_borrowers_guarantors_never_count_and_members_who_are_not_officers_cannot_propose()
    {
        await DefaultAsync();
        var diana = await db.Chamas.UpdateMemberAsync(umoja.Chama.Id, umoja.Diana.Id, new NewMember("Diana Mwangi", "0733000003", 3, MemberRoles.Secretary), TestDatabase.Treasurer);

        var byGuarantor = await Recoveries.ProposeAsync(diana, loanId, "test", Told);
        Assert.Equal(RecoveryOutcome.Recorded, byGuarantor.Outcome);
        Assert.Equal(0, byGuarantor.Recovery!.Approvals);
        Assert.Equal(RecoveryOutcome.Concerned, (await Recoveries.DecideAsync(diana, loanId, Decision.Approve, null, "test", Told)).Outcome);
        Assert.Equal(RecoveryOutcome.NotAnOfficer, (await Recoveries.DecideAsync(wanjiru, loanId, Decision.Approve, null, "test", Told)).Outcome);
        Assert.Equal(RecoveryOutcome.AlreadyProposed, (await Recoveries.ProposeAsync(umoja.Grace, loanId, "test", Told)).Outcome);
        Assert.Equal(0, await db.CountAsync("loan_recoveries"));
    }

    [Fact]
    public async Task A_rejected_recovery_changes_nothing_and_may_be_proposed_again_as_a_new_attempt()
    {
        await DefaultAsync();
        await Recoveries.ProposeAsync(umoja.Grace, loanId, "test", Told);

        Assert.Equal(RecoveryOutcome.Rejected, (await Recoveries.DecideAsync(umoja.Patrick, loanId, Decision.Reject, "Samuel is paying next week", "test", Told)).Outcome);
        Assert.Equal(0, await db.CountAsync("loan_recoveries"));

        var again = await Recoveries.ProposeAsync(umoja.Patrick, loanId, "test", Told);
        Assert.Equal(RecoveryOutcome.Recorded, again.Outcome);
        Assert.Equal(2, again.Recovery!.Attempt);
        Assert.Equal(RecoveryOutcome.Recovered, (await Recoveries.DecideAsync(umoja.Grace, loanId, Decision.Approve, null, "test", Told)).Outcome);
    }

    private async Task DefaultAsync()
    {
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 14, 9, 0, 0, NairobiTime.Offset));
        var made = await new LoanCharges(db.Database, db.Clock).ChargeAsync(umoja.Chama, loanId, (_, _) => []);
        Assert.True(made!.DefaultedNow);
    }

    /// <summary>One message each to the borrower and the guarantors of a recovered loan.</summary>
    private static IEnumerable<OutboundMessage> Told(RecoveredLoan recovered, IReadOnlyList<Member> officers) =>
        new[] { recovered.Loan.Borrower }.Concat(recovered.Loan.Guarantors.Select(g => g.Member))
            .Select(m => new OutboundMessage($"test-recovered:{recovered.Loan.Id}:{m.Id}", m.ChamaId, m.Id, m.Phone, "recovered"));
}

public sealed class SqliteLoanRecoveryTests() : LoanRecoveryTests(Engine.Sqlite);

public sealed class PostgresLoanRecoveryTests() : LoanRecoveryTests(Engine.Postgres);
