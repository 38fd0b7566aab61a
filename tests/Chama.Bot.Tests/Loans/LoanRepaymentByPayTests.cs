using Chama.Bot.Tests.Mpesa;
using Chama.Core;
using Chama.Data.Ledger;
using Chama.Data.Outbox;
using Chama.Mpesa.Simulator;
using Chama.Tests;
using Dapper;

namespace Chama.Bot.Tests.Loans;

/// <summary>
/// A borrower repays through the real pipeline: PAY offers the next instalment of the loan being repaid, the Daraja
/// simulator pays the push, the repayment is split interest then principal, the borrower's receipt says so, and BALANCE
/// shows what the loan still owes. No pot has the money.
/// </summary>
public abstract class LoanRepaymentByPayTests(Engine engine) : IAsyncLifetime
{
    private DarajaSimulator daraja = null!;
    private MpesaHost host = null!;
    private Channels channels = null!;
    private Demo demo = null!;

    public async Task InitializeAsync()
    {
        daraja = await MpesaHost.StartDarajaAsync();
        host = new MpesaHost(daraja, engine).Start();
        channels = new Channels(host.CreateClient());
        demo = await Demo.LoadAsync(host);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await daraja.DisposeAsync();
    }

    [Fact]
    public async Task A_borrower_pays_the_next_instalment_by_PAY_and_BALANCE_shows_what_the_loan_still_owes()
    {
        var loanId = await PaidOutLoanAsync(demo.Samuel, 30_000);

        var menu = await channels.WhatsAppAsync(Phones.Samuel, "PAY");
        Assert.Contains($"\n6. Loan L{loanId}: pay KES 10,300\n0. Back", menu);
        Assert.DoesNotContain("5. Save", menu);
        Assert.StartsWith($"Pay KES 10,300 to Umoja Investment Club for your loan L{loanId} from M-Pesa +254711000004?", await channels.WhatsAppAsync(Phones.Samuel, "6"));
        Assert.Contains("Enter your M-Pesa PIN", await channels.WhatsAppAsync(Phones.Samuel, "1"));

        var receipt = await ReceiptMessageAsync(demo.Samuel);
        var push = Assert.Single(daraja.StkPushes);
        Assert.Equal((10_300L, "Loan"), (push.Amount, push.TransactionDesc));
        Assert.Equal(
            $"Received KES 10,300 from Samuel Kimani, M-Pesa receipt {push.Receipt}, for your Umoja Investment Club loan L{loanId}: interest KES 300, principal KES 10,000. Still owed: KES 20,000. Next instalment: KES 10,000 by 10 Mar 2026.",
            receipt.Body.Trim());
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "payment_requests", $"purpose = 'Loan' AND loan_id = {loanId} AND round_id IS NULL"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "loan_repayments", $"loan_id = {loanId} AND interest_minor = 30000 AND principal_minor = 1000000 AND to_savings_minor = 0"));
        Assert.Equal(Money.Kes(0), (await host.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id)).Collected);

        Assert.Contains($"\nLoan L{loanId}: owes KES 20,000; next KES 10,000 by 10 Mar 2026", await channels.WhatsAppAsync(Phones.Samuel, "BALANCE"));
    }

    /// <summary>A loan paid out today (10 Jan 2026): 3 months at a flat 1% a month, the first month's interest charged.</summary>
    private async Task<long> PaidOutLoanAsync(Member borrower, long shillings)
    {
        await using var connection = host.Storage.Connect();
        var id = await PaidOutLoans.SeedAsync(connection, borrower.ChamaId, borrower.Id, Money.Kes(shillings), InterestMethod.Flat, 100, 3, host.Clock.GetUtcNow(), []);
        await connection.ExecuteAsync(
            "INSERT INTO loan_charges (loan_id, instalment, kind, amount_minor, charged_at) VALUES (@id, 1, 'Interest', @Minor, 0);", new { id, Money.Kes(shillings / 100).Minor });
        return id;
    }

    private async Task<QueuedMessage> ReceiptMessageAsync(Member member) =>
        (await Eventually.ReturnsAsync(
            () => host.Get<Outbox>().ListForPhoneAsync(member.Phone), messages => messages.Any(m => m.IdempotencyKey.StartsWith("receipt:", StringComparison.Ordinal)), "the receipt"))
        .First(m => m.IdempotencyKey.StartsWith("receipt:", StringComparison.Ordinal));
}

public sealed class SqliteLoanRepaymentByPayTests() : LoanRepaymentByPayTests(Engine.Sqlite);

public sealed class PostgresLoanRepaymentByPayTests() : LoanRepaymentByPayTests(Engine.Postgres);
