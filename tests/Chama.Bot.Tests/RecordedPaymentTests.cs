using System.Text.RegularExpressions;
using Chama.Conversations;
using Chama.Core;
using Chama.Data.Ledger;
using Chama.Data.Outbox;
using Chama.Data.Recording;
using Chama.Tests;

namespace Chama.Bot.Tests;

/// <summary>
/// Officers record payments made by hand, by reply: the member is receipted at once, the reference is idempotent, the
/// member may dispute within seven days, and a correction under the officers' quorum reverses the entry. In the demo
/// Grace (treasurer), Patrick (chair) and Diana (secretary) are the officers, the quorum is 2, the contribution KES 10,000.
/// </summary>
public abstract partial class RecordedPaymentTests : IDisposable
{
    private readonly BotFactory factory;
    private readonly Channels channels;

    protected RecordedPaymentTests(Engine engine)
    {
        factory = new BotFactory(engine);
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Recorded_cash_payment_is_receipted_to_the_member()
    {
        var demo = await Demo.LoadAsync(factory);

        var reply = await channels.WhatsAppAsync(Phones.Grace, "RECORD 4 5000 CASH paid at the meeting");

        var reference = CashReference().Match(reply).Value;
        Assert.Matches(@"^CASH-260110-[A-Z0-9]{6}$", reference);
        Assert.Contains($"Recorded: KES 5,000 from Samuel Kimani (seat 4), for round 1, reference {reference}. Samuel Kimani is told and may dispute it within 7 days.", reply);
        var told = (await factory.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone)).Single(m => m.IdempotencyKey.StartsWith("payment-recorded:", StringComparison.Ordinal));
        Assert.Equal(
            $"Umoja Investment Club: Grace Wanjiku recorded KES 5,000 from you for round 1, reference {reference}. Note: paid at the meeting. If this is wrong, reply DISPUTE {reference} within 7 days.",
            told.Body);
        var summary = await factory.Get<ContributionLedger>().GetRoundSummaryAsync(demo.Rounds[0].Id);
        Assert.Equal(Money.Kes(5_000), summary.Members.Single(s => s.Member.Id == demo.Samuel.Id).Paid);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "audit_log", $"action = 'payment.recorded' AND actor_member_id = {demo.Grace.Id} AND channel = 'whatsapp'"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "recorded_payments", $"method = 'Cash' AND recorded_by_member_id = {demo.Grace.Id} AND note = 'paid at the meeting'"));
    }

    [Fact]
    public async Task The_same_reference_again_is_a_no_op_and_a_conflicting_one_is_refused()
    {
        var demo = await Demo.LoadAsync(factory);
        await channels.WhatsAppAsync(Phones.Grace, "RECORD 4 5000 QKJ4HT8MZP");

        var again = await channels.WhatsAppAsync(Phones.Patrick, "RECORD 4 5000 QKJ4HT8MZP");
        var conflict = await channels.WhatsAppAsync(Phones.Patrick, "RECORD 3 5000 qkj4ht8mzp");

        Assert.Contains("Already recorded: KES 5,000 from Samuel Kimani (seat 4), for round 1, reference QKJ4HT8MZP.", again);
        Assert.Contains("Reference QKJ4HT8MZP is already used by another payment (another member, amount or way of paying). Check it and record again. Nothing was recorded.", conflict);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "contributions", "receipt = 'QKJ4HT8MZP'"));
        Assert.Single(await factory.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone), m => m.IdempotencyKey.StartsWith("payment-recorded:", StringComparison.Ordinal));
        var refused = await Assert.ThrowsAsync<ChamaException>(() => factory.Get<RecordedPayments>().RecordAsync(
            demo.Patrick, new PaymentToRecord(3, Money.Kes(5_000), Fund.Pot, Receipt.Parse("QKJ4HT8MZP")), "test", (_, _) => []));
        Assert.Equal(ChamaError.ReceiptConflict, refused.Error);
    }

    [Fact]
    public async Task A_member_cannot_record_and_an_unreadable_record_gets_its_usage()
    {
        await Demo.LoadAsync(factory);

        Assert.Contains("Only the chama's officers record payments. To pay, reply PAY. Nothing was recorded.", await channels.WhatsAppAsync(Phones.Samuel, "RECORD 4 5000 CASH"));
        Assert.Contains("Write RECORD <seat> <amount> <reference> [note]", await channels.WhatsAppAsync(Phones.Grace, "RECORD 4 lots CASH"));
        Assert.Contains("No active member sits on seat 9. Nothing was recorded.", await channels.WhatsAppAsync(Phones.Grace, "RECORD 9 5000 CASH"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "recorded_payments", "1 = 1"));
    }

    [Fact]
    public async Task A_dispute_within_7_days_tells_every_officer_and_after_7_days_is_refused()
    {
        var demo = await Demo.LoadAsync(factory);
        var reference = CashReference().Match(await channels.WhatsAppAsync(Phones.Grace, "RECORD 4 5000 CASH")).Value;
        var late = CashReference().Match(await channels.WhatsAppAsync(Phones.Grace, "RECORD 4 3000 CASH")).Value;
        factory.Clock.Advance(TimeSpan.FromDays(6));

        var disputed = await channels.WhatsAppAsync(Phones.Samuel, $"PINGA {reference.ToLowerInvariant()}");

        Assert.Contains($"Your dispute of {reference} (KES 5,000) is recorded, and every officer is told.", disputed);
        foreach (var officer in new[] { demo.Grace, demo.Patrick, demo.Diana })
        {
            var notice = (await factory.Get<Outbox>().ListForPhoneAsync(officer.Phone)).Single(m => m.IdempotencyKey.StartsWith("payment-disputed:", StringComparison.Ordinal));
            Assert.Contains(
                officer.Language == Language.Sw
                    ? $"Samuel Kimani (kiti 4) anapinga malipo ya KES 5,000 yaliyorekodiwa kama {reference} na Grace Wanjiku."
                    : $"Samuel Kimani (seat 4) disputes the payment of KES 5,000 recorded as {reference} by Grace Wanjiku.",
                notice.Body);
        }

        Assert.True((await factory.Get<RecordedPayments>().FindAsync(demo.Chama.Id, reference))!.Disputed);
        factory.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains($"{late} was recorded more than 7 days ago: it can no longer be disputed here.", await channels.WhatsAppAsync(Phones.Samuel, $"DISPUTE {late}"));
        Assert.False((await factory.Get<RecordedPayments>().FindAsync(demo.Chama.Id, late))!.Disputed);
        Assert.Contains("Hakuna malipo yaliyorekodiwa kwako yenye kumbukumbu", await channels.WhatsAppAsync(Phones.Diana, $"DISPUTE {reference}"));
    }

    [Fact]
    public async Task A_correction_under_the_quorum_reverses_the_entry_and_the_balance_follows_without_the_recorders_vote()
    {
        var demo = await Demo.LoadAsync(factory);
        var reference = CashReference().Match(await channels.WhatsAppAsync(Phones.Grace, "RECORD 4 15000 CASH")).Value;
        await channels.WhatsAppAsync(Phones.Samuel, $"DISPUTE {reference}");
        Assert.Contains("Paid: KES 15,000", await channels.WhatsAppAsync(Phones.Samuel, "BALANCE"));

        var proposed = await channels.WhatsAppAsync(Phones.Patrick, $"CORRECT {reference} counted twice");
        var own = await channels.WhatsAppAsync(Phones.Grace, "APPROVE C1");
        Assert.Contains($"1. C1 batilisha: {reference} KES 15,000 Samuel Kimani (1/2)", await channels.WhatsAppAsync(Phones.Diana, "APPROVALS"));
        var carried = await channels.WhatsAppAsync(Phones.Diana, "APPROVE C1");

        Assert.Contains($"You proposed reversing {reference} (KES 15,000 from Samuel Kimani) as C1.", proposed);
        Assert.Contains("You cannot decide on C1: you recorded that payment, or it is yours. The other officers decide.", own);
        Assert.Contains("Idhini yako ya C1 imerekodiwa na idadi inayohitajika imefikiwa: malipo yamebatilishwa kwa ingizo jipya", carried);
        var summaries = await factory.Get<ContributionLedger>().GetCycleSummariesAsync(demo.Rounds[0].CycleId);
        Assert.Equal(Money.Kes(0), summaries[0].Members.Single(s => s.Member.Id == demo.Samuel.Id).Paid);
        Assert.Equal(Money.Kes(0), summaries[1].Members.Single(s => s.Member.Id == demo.Samuel.Id).Paid);
        Assert.Contains("Paid: KES 0", await channels.WhatsAppAsync(Phones.Samuel, "BALANCE"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "contributions", $"receipt = '{reference}'"));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "decision_votes", $"subject_kind = 'Correction' AND officer_member_id = {demo.Grace.Id}"));
        Assert.Contains((await factory.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone)), m => m.IdempotencyKey == $"payment-reversed:1:{demo.Samuel.Id}");
        Assert.Contains($"{reference} has already been reversed.", await channels.WhatsAppAsync(Phones.Patrick, $"CORRECT {reference} again"));
    }

    [Fact]
    public async Task A_KES_member_paying_USD_100_at_a_typed_rate_of_129_50_is_credited_KES_12950_with_both_amounts_shown()
    {
        var demo = await Demo.LoadAsync(factory);

        var reply = await channels.WhatsAppAsync(Phones.Grace, "RECORD 4 100 USD @129.50 BANK FT2334 wired from Dallas");

        Assert.Contains("Recorded: KES 12,950 from Samuel Kimani (seat 4), paid USD 100.00 at 129.50, for round 1, reference BANK-FT2334.", reply);
        var told = (await factory.Get<Outbox>().ListForPhoneAsync(demo.Samuel.Phone)).Single(m => m.IdempotencyKey.StartsWith("payment-recorded:", StringComparison.Ordinal));
        Assert.Contains("Grace Wanjiku recorded KES 12,950 from you (you paid USD 100.00 at 129.50) for round 1, reference BANK-FT2334.", told.Body);
        var payment = (await factory.Get<RecordedPayments>().FindAsync(demo.Chama.Id, "BANK FT2334"))!;
        Assert.Equal((Money.Kes(12_950), new Money(10_000, "USD"), 129.50m, PaymentMethod.Bank), (payment.Amount, payment.Foreign!.Paid, payment.Foreign.Rate, payment.Method));
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "recorded_payments", "paid_minor = 10000 AND paid_currency = 'USD' AND rate = '129.50'"));
        Assert.Contains("paid KES 12,950 into round 1, recorded as BANK-FT2334 (you paid USD 100.00 at 129.50). Balance KES 12,950", await channels.WhatsAppAsync(Phones.Samuel, "STATEMENT"));
    }

    [Fact]
    public async Task A_welfare_payment_is_recorded_into_the_welfare_fund()
    {
        var demo = await Demo.LoadAsync(factory);

        var reply = await channels.WhatsAppAsync(Phones.Patrick, "REKODI 4 500 USTAWI CASH");

        Assert.Contains("Recorded: KES 500 from Samuel Kimani (seat 4), into the welfare fund, reference CASH-", reply);
        Assert.Equal(Money.Kes(500), await factory.Get<Chama.Data.Welfare.WelfareLedger>().GetBalanceAsync(demo.Chama.Id));
    }

    [Fact]
    public async Task On_USSD_an_officer_records_a_payment_from_the_menu_confirmed_with_the_decision_PIN()
    {
        var demo = await Demo.LoadAsync(factory);
        await OfficerPins.SetAsync(factory, demo.Grace);
        var screens = new List<string>();
        foreach (var text in new[] { "", "9", "9*4", "9*4*5000", "9*4*5000*3", "9*4*5000*3*ft2334", "9*4*5000*3*ft2334*1111", $"9*4*5000*3*ft2334*1111*{OfficerPins.Pin}" })
        {
            screens.Add(await channels.UssdAsync("ATUid_record", Phones.Grace, text));
        }

        Assert.All(screens, screen => Assert.True(screen.Length <= ScreenFit.UssdLimit + "CON ".Length, $"{screen.Length} characters:\n{screen}"));
        Assert.Contains("9. Record a payment", screens[0]);
        Assert.StartsWith("CON Record a payment. Seat of the member who paid:", screens[1]);
        Assert.StartsWith("CON KES 5,000 from Samuel Kimani, paid by:\n1. Cash", screens[3]);
        Assert.StartsWith("CON Enter your 4-digit PIN to record KES 5,000 from seat 4:", screens[5]);
        Assert.Contains("Wrong PIN", screens[6]);
        Assert.StartsWith("END Recorded: KES 5,000 from Samuel Kimani (seat 4), for round 1, reference BANK-FT2334.", screens[7]);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "recorded_payments", $"method = 'Bank' AND channel = 'ussd' AND recorded_by_member_id = {demo.Grace.Id}"));
    }

    [Fact]
    public async Task On_WhatsApp_an_officer_records_cash_from_the_menu_without_a_PIN()
    {
        var demo = await Demo.LoadAsync(factory);

        Assert.Contains("Record a payment. Seat of the member who paid:", await channels.WhatsAppAsync(Phones.Patrick, "9"));
        await channels.WhatsAppAsync(Phones.Patrick, "4");
        await channels.WhatsAppAsync(Phones.Patrick, "5,000");
        var recorded = await channels.WhatsAppAsync(Phones.Patrick, "1");

        Assert.Matches(@"Recorded: KES 5,000 from Samuel Kimani \(seat 4\), for round 1, reference CASH-260110-[A-Z0-9]{6}\.", recorded);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "recorded_payments", $"method = 'Cash' AND channel = 'whatsapp' AND recorded_by_member_id = {demo.Patrick.Id}"));
    }

    [Fact]
    public async Task On_USSD_a_member_has_no_record_item_and_nothing_is_recorded_without_the_PIN()
    {
        var demo = await Demo.LoadAsync(factory);
        await OfficerPins.SetAsync(factory, demo.Grace);

        Assert.DoesNotContain("Record a payment", await channels.UssdAsync("ATUid_member", Phones.Samuel, ""));
        await channels.UssdAsync("ATUid_nopin", Phones.Grace, "9*4*5000*1");

        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "recorded_payments", "1 = 1"));
    }

    [GeneratedRegex(@"CASH-\d{6}-[A-Z0-9]{6}")]
    private static partial Regex CashReference();
}

public sealed class SqliteRecordedPaymentTests() : RecordedPaymentTests(Engine.Sqlite);

public sealed class PostgresRecordedPaymentTests() : RecordedPaymentTests(Engine.Postgres);
