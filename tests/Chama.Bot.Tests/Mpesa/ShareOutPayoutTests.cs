using Chama.Core;
using Chama.Data.Outbox;
using Chama.Data.Savings;
using Chama.Data.ShareOuts;
using Chama.Mpesa.Simulator;
using Chama.Tests;
using Dapper;

namespace Chama.Bot.Tests.Mpesa;

/// <summary>
/// A year-end share-out end to end: the treasurer proposes it on WhatsApp, every member is sent their line, two
/// officers approve it by reply, and M-Pesa pays each member once; the last payout closes it and the savings year
/// starts again at zero. Grace saved KES 3,000, Patrick 2,000, Diana 1,000 and Samuel 4,000, and a repaid loan
/// earned the fund KES 600 of interest, shared 180, 120, 60 and 240.
/// </summary>
public abstract class ShareOutPayoutTests(Engine engine) : IAsyncLifetime
{
    private DarajaSimulator daraja = null!;
    private MpesaHost host = null!;
    private Channels channels = null!;
    private Demo demo = null!;

    public async Task InitializeAsync()
    {
        daraja = await MpesaHost.StartDarajaAsync();
        host = new MpesaHost(daraja, engine).Start();
        demo = await Demo.LoadAsync(host);
        channels = new Channels(host.CreateClient());
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await daraja.DisposeAsync();
    }

    [Fact]
    public async Task Officers_propose_and_approve_a_share_out_by_reply_and_M_Pesa_pays_each_member_once()
    {
        await SeedYearAsync();

        var table = await channels.WhatsAppAsync(Phones.Grace, "SHAREOUT");
        var shareOut = (await host.Get<ShareOutStore>().LatestAsync(demo.Chama.Id))!;
        var code = shareOut.Code;
        Assert.Contains($"share-out {code} is proposed (Rule 14). Savings KES 10,000 plus earnings KES 600", table);
        Assert.Contains("1. Grace Wanjiku: KES 3,000 + KES 180 = KES 3,180", table);
        Assert.Contains("4. Samuel Kimani: KES 4,000 + KES 240 = KES 4,240", table);
        Assert.Contains($"Share-out {code} is waiting for the officers' decision", await channels.WhatsAppAsync(Phones.Patrick, "GAWIO"));
        var told = await host.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone);
        Assert.Contains(told, m => m.Body.Contains("Yours: savings KES 4,000 + share KES 240 = KES 4,240.", StringComparison.Ordinal) && !m.Body.Contains("Grace", StringComparison.Ordinal));

        Assert.Contains("(1 of 2)", await channels.WhatsAppAsync(Phones.Patrick, $"APPROVE {code}"));
        // Diana reads Swahili.
        Assert.Contains("kila mwanachama amejulishwa malipo yake", await channels.WhatsAppAsync(Phones.Diana, $"IDHINISHA {code}"));
        Assert.Contains($"{code} haisubiri uamuzi", await channels.WhatsAppAsync(Phones.Diana, $"IDHINISHA {code}"));

        await Eventually.ReturnsAsync(() => host.Get<ShareOutStore>().LatestAsync(demo.Chama.Id), s => s!.Status == ShareOutStatus.Closed, "every payout made");
        Assert.Equal(
            [("254711000004", 4_240L), ("254712000001", 3_180L), ("254722000002", 2_120L), ("254733000003", 1_060L)],
            daraja.Payouts.Select(p => (p.PhoneNumber, p.Amount)).Order());
        Assert.Contains(await host.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone), m => m.Body.Contains("KES 4,240 (year-end share-out, Rule 14) by M-Pesa to +254711000004", StringComparison.Ordinal));
        foreach (var member in demo.Members)
        {
            Assert.Equal(Money.Kes(0), await host.Get<Data.IDatabase>().ReadAsync((_, t) => SavingsBook.MemberSavingsAsync(t, member.Id, "KES")));
        }

        Assert.Contains("There are no savings and no earnings to share out", await channels.WhatsAppAsync(Phones.Grace, "SHAREOUT"));
    }

    [Fact]
    public async Task A_member_who_is_not_an_officer_sees_their_line_and_cannot_decide()
    {
        await SeedYearAsync();
        Assert.Contains("No share-out is waiting for the officers", await channels.WhatsAppAsync(Phones.Samuel, "SHAREOUT"));
        await channels.WhatsAppAsync(Phones.Grace, "SHAREOUT");
        var code = (await host.Get<ShareOutStore>().LatestAsync(demo.Chama.Id))!.Code;

        var line = await channels.WhatsAppAsync(Phones.Samuel, "GAWIO");

        Assert.Contains("Yours: savings KES 4,000 + share KES 240 = KES 4,240.", line);
        Assert.DoesNotContain("Grace Wanjiku", line);
        Assert.Contains("Only the chama's officers can decide", await channels.WhatsAppAsync(Phones.Samuel, $"APPROVE {code}"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(host, "decision_votes"));
    }

    private async Task SeedYearAsync()
    {
        await using var connection = host.Storage.Connect();
        var n = 0;
        foreach (var (member, shillings) in new[] { (demo.Grace, 3_000), (demo.Patrick, 2_000), (demo.Diana, 1_000), (demo.Samuel, 4_000) })
        {
            await SavingsRows.ContributionAsync(connection, demo.Chama.Id, member.Id, "Savings", shillings * 100L, $"QKJ4HT8SV{++n}");
        }

        // Samuel borrowed KES 5,000 and repaid it with KES 600 interest: the loan is closed and its interest is the year's earnings.
        var loan = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO loans (chama_id, member_id, principal_minor, currency, term_months, interest_method, interest_rate_bp, penalty_percent, request_key, channel, requested_at)
            VALUES (@ChamaId, @Samuel, 500000, 'KES', 3, 'Flat', 400, 10, 'test-loan', 'test', 1) RETURNING id;
            """,
            new { ChamaId = demo.Chama.Id, Samuel = demo.Samuel.Id });
        await connection.ExecuteAsync("INSERT INTO loan_events (loan_id, status, at) VALUES (@loan, 'PaidOut', 2), (@loan, 'Repaid', 3);", new { loan });
        var repayment = await SavingsRows.ContributionAsync(connection, demo.Chama.Id, demo.Samuel.Id, "Loan", 560_000, "QKJ4HT8LN1");
        await connection.ExecuteAsync(
            "INSERT INTO loan_repayments (contribution_id, loan_id, penalty_minor, interest_minor, principal_minor, to_savings_minor) VALUES (@repayment, @loan, 0, 60000, 500000, 0);",
            new { repayment, loan });
    }
}

public sealed class SqliteShareOutPayoutTests() : ShareOutPayoutTests(Engine.Sqlite);

public sealed class PostgresShareOutPayoutTests() : ShareOutPayoutTests(Engine.Postgres);
