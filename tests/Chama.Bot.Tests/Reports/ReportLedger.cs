using System.Globalization;
using System.Text;
using Chama.Bot.Reports;
using Chama.Core;
using Chama.Data.Approvals;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Disbursements;
using Chama.Data.Fines;
using Chama.Data.Ledger;
using Chama.Data;
using Chama.Data.Postgres;
using Chama.Data.Reports;
using Chama.Data.Sqlite;
using Chama.Data.Welfare;
using CsvHelper;
using Chama.Tests;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace Chama.Bot.Tests.Reports;

/// <summary>A CSV report read back with CsvHelper: its raw bytes and its rows by header.</summary>
public sealed record WrittenReport(byte[] Bytes, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows)
{
    public static WrittenReport Read(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var rows = new List<IReadOnlyDictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(header.ToDictionary(h => h, h => csv.GetField(h)!));
        }

        return new WrittenReport(bytes, header, rows);
    }

    public IReadOnlyDictionary<string, string> Row(string column, string value) => Rows.Single(r => r[column] == value);

    /// <summary>A column of amounts ("1500.00") summed in minor units, read as text: no floating point here either.</summary>
    public long SumMinor(string column) => Rows.Where(r => r[column] != "").Sum(r => Minor(r[column]));

    public static long Minor(string shillings)
    {
        Assert.Matches(@"^\d+\.\d{2}$", shillings);
        return long.Parse(shillings.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// A chama with a little of everything, recorded through the real stores over a real SQLite file or PostgreSQL schema on a fake clock:
/// full, partial and over-payments, welfare contributions, a paid fine, a completed pot payout and a welfare payout.
/// </summary>
public sealed class ReportLedger : IAsyncDisposable
{
    /// <summary>
    /// A name a spreadsheet could misread: a comma, quotes, and Kikuyu and Swahili letters. (A name is one line: the
    /// text normaliser turns a line break in it into a space, so a name cannot fake lines on another member's screen.)
    /// </summary>
    public const string AwkwardName = "Wanjirũ \"Shiro\", Njoroge Mũthoni";

    private readonly TestStorage storage;
    private readonly IDatabase database;

    private ReportLedger(Engine engine)
    {
        storage = TestStorage.Create(engine);
        database = engine == Engine.Postgres ? new PostgresDatabase(storage.ConnectionString) : new SqliteDatabase(storage.ConnectionString);
        Chamas = new ChamaStore(database, Clock);
        Cycles = new CycleStore(database, Clock);
        Ledger = new ContributionLedger(database, Clock);
        Welfare = new WelfareLedger(database, Clock);
        Fines = new FineStore(database, Clock);
        Approvals = new ApprovalStore(database, Clock);
        Payouts = new DisbursementStore(database, Clock);
        Reports = new CsvReports(new LedgerReports(database), new Chama.Data.Loans.LoanRegister(database));
    }

    /// <summary>10 January 2026, 09:00 in Nairobi.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 10, 6, 0, 0, TimeSpan.Zero));

    public IDatabase Database => database;

    public ChamaStore Chamas { get; }

    public CycleStore Cycles { get; }

    public ContributionLedger Ledger { get; }

    public WelfareLedger Welfare { get; }

    public FineStore Fines { get; }

    public ApprovalStore Approvals { get; }

    public DisbursementStore Payouts { get; }

    public CsvReports Reports { get; }

    public ChamaGroup Chama { get; private set; } = null!;

    public IReadOnlyList<Member> Members { get; private set; } = [];

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public Cycle Cycle { get; private set; } = null!;

    public static async Task<ReportLedger> CreateAsync(Engine engine = Engine.Sqlite, string thirdMemberName = AwkwardName)
    {
        var ledger = new ReportLedger(engine);
        await ledger.database.MigrateAsync();
        var setUp = Actor.System("test");
        var rules = Constitution.Monthly(Money.Kes(1_500)) with { LateFine = Money.Kes(200), WelfareCoolingOffHours = 12 };
        ledger.Chama = await ledger.Chamas.CreateChamaAsync("Umoja Investment Club", "UMOJA", rules, setUp);
        ledger.Members =
        [
            await ledger.Chamas.AddMemberAsync(ledger.Chama.Id, new NewMember("Grace Wanjiku", "0712000001", 1, MemberRoles.Treasurer), setUp),
            await ledger.Chamas.AddMemberAsync(ledger.Chama.Id, new NewMember("Patrick Ochieng", "0722000002", 2, MemberRoles.Chair), setUp),
            await ledger.Chamas.AddMemberAsync(ledger.Chama.Id, new NewMember(thirdMemberName, "0733000003", 3, MemberRoles.Secretary, Language.Sw), setUp),
            await ledger.Chamas.AddMemberAsync(ledger.Chama.Id, new NewMember("Amani Kazungu", "0711000004", 4), setUp),
        ];
        ledger.Cycle = await ledger.Cycles.StartCycleAsync(ledger.Chama.Id, new DateOnly(2026, 1, 31), setUp);
        ledger.Rounds = await ledger.Cycles.GetRoundsAsync(ledger.Cycle.Id);
        return ledger;
    }

    public Member Grace => Members[0];

    public Member Patrick => Members[1];

    public Member Wanjiru => Members[2];

    public Member Amani => Members[3];

    /// <summary>
    /// Round 1 paid in full (one member in two parts, one over), welfare in, the pot and a welfare request paid out by
    /// M-Pesa; round 2 partly paid, fined after its grace period, one fine paid.
    /// </summary>
    public async Task RecordASeasonAsync()
    {
        var treasurer = Actor.Member(Grace.Id, "whatsapp");
        var round1 = Rounds[0];
        await Ledger.RecordAsync(new ContributionRequest(round1.Id, Grace.Id, Money.Kes(1_500), "QKA0000001"), treasurer);
        await Ledger.RecordAsync(new ContributionRequest(round1.Id, Patrick.Id, Money.Kes(1_500), "CASH-2026-001"), treasurer);
        await Ledger.RecordAsync(new ContributionRequest(round1.Id, Wanjiru.Id, Money.Kes(1_000), "QKA0000003"), treasurer);
        Clock.Advance(TimeSpan.FromHours(1));
        await Ledger.RecordAsync(new ContributionRequest(round1.Id, Wanjiru.Id, Money.Kes(500), "QKA0000004"), treasurer);
        await Ledger.RecordAsync(new ContributionRequest(round1.Id, Amani.Id, Money.Kes(2_000), "QKA0000005"), treasurer);
        await Welfare.RecordContributionAsync(Grace.Id, Money.Kes(300), "QKW0000001", treasurer);
        await Welfare.RecordContributionAsync(Patrick.Id, Money.Kes(300), "QKW0000002", treasurer);

        // The pot of round 1 (Grace's) approved by two other officers, sent and completed by M-Pesa.
        await Approvals.DecideAsync(Patrick, ApprovalKind.Pot, round1.Id, Decision.Approve, null, "whatsapp");
        await Approvals.DecideAsync(Wanjiru, ApprovalKind.Pot, round1.Id, Decision.Approve, null, "ussd");
        await SendAndCompleteAsync("TXP0000001");

        // Amani asks the welfare fund; two officers approve; it is paid after the cooling-off.
        var request = await Welfare.RequestAsync(Amani.Id, WelfareKind.Hospital, Money.Kes(400), "Hospital bill, Coast General", Actor.Member(Amani.Id, "ussd"));
        await Approvals.DecideAsync(Grace, ApprovalKind.Welfare, request.Id, Decision.Approve, null, "whatsapp");
        await Approvals.DecideAsync(Patrick, ApprovalKind.Welfare, request.Id, Decision.Approve, null, "whatsapp");
        // Past midnight in Nairobi, while it is still the 10th in UTC: reports keep the Nairobi calendar.
        Clock.Advance(TimeSpan.FromHours(15));
        await SendAndCompleteAsync("TXW0000002");

        // Round 2: only Grace pays (Amani's credit covers part of hers); after the grace period the others are fined.
        var round2 = Rounds[1];
        await Ledger.RecordAsync(new ContributionRequest(round2.Id, Grace.Id, Money.Kes(1_500), "QKA0000006"), treasurer);
        Clock.SetUtcNow(new DateTimeOffset(2026, 3, 5, 6, 0, 0, TimeSpan.Zero));
        var fines = await Fines.ChargeAsync((await Chamas.FindChamaAsync(Chama.Id))!, round2);
        Assert.Equal(3, fines.Count);
        await Fines.PayFineAsync(fines.Single(f => f.MemberId == Patrick.Id).Id, "QKF0000001", treasurer);
    }

    public async Task<WrittenReport> WriteAsync(CsvReport report)
    {
        using var output = new MemoryStream();
        await Reports.WriteAsync(Chama.Id, report, output);
        return WrittenReport.Read(output.ToArray());
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = storage.Connect();
        return await connection.ExecuteScalarAsync<T>(sql, new { ChamaId = Chama.Id }) ?? throw new InvalidOperationException(sql);
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)database).DisposeAsync();
        storage.Dispose();
    }

    private async Task SendAndCompleteAsync(string transactionId)
    {
        var sent = Assert.Single(await Payouts.ClaimApprovedAsync(10));
        var settled = await Payouts.SettleAsync(sent.OriginatorConversationId, succeeded: true, transactionId, "paid", (_, _, _) => []);
        Assert.True(settled?.NewlySettled);
    }
}
