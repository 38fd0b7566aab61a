using Chama.Bot.Tests.Mpesa;
using Chama.Data.Ledger;
using Chama.Data.Outbox;
using Chama.Mpesa.Simulator;
using Chama.Tests;
using Dapper;
using static Chama.Bot.Tests.Onboarding.ChamaByChat;

namespace Chama.Bot.Tests.Onboarding;

/// <summary>
/// The whole life of a new chama through the signed WhatsApp webhook, with nobody at a terminal: a phone in no chama
/// founds it, its chair invites the first officers and a member, a start before they accept is refused naming the open
/// seats, they accept (one on USSD), the cycle starts, and a member pays the first round by STK push against the local
/// Daraja simulator and is receipted. Once in English, once in Swahili. The host's clock reads 10 January 2026.
/// </summary>
public abstract class ChamaSetsItselfUpTests(Engine engine) : IAsyncLifetime
{
    private DarajaSimulator daraja = null!;
    private MpesaHost host = null!;
    private Channels chat = null!;

    public async Task InitializeAsync()
    {
        daraja = await MpesaHost.StartDarajaAsync();
        host = new MpesaHost(daraja, engine);
        // A founding is more messages than one phone may send a minute in production.
        host.With("RateLimits:PerPhonePerMinute", "100");
        host.Start();
        chat = new Channels(host.CreateClient());
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await daraja.DisposeAsync();
    }

    [Fact]
    public async Task A_chama_founded_in_English_invites_its_officers_starts_its_cycle_and_is_paid_its_first_round()
    {
        Assert.Contains("send NEW CHAMA", await chat.WhatsAppAsync(Founder, "hi"));
        Assert.StartsWith("New chama. What is your chama's name?", await chat.WhatsAppAsync(Founder, "NEW CHAMA"));
        foreach (var answer in new[] { "Jirani Savers", "JIRANI", "5000", "3", "1/2/2026", "Achieng Otieno", "1", "OK" })
        {
            await chat.WhatsAppAsync(Founder, answer);
        }

        Assert.StartsWith("Jirani Savers (JIRANI) is started. You are its chair, on seat 1.", await chat.WhatsAppAsync(Founder, "YES"));

        Assert.StartsWith(
            "Invitation sent to +2547******02 for seat 2 as treasurer. They become a member only when they reply JOIN JIRANI from that phone; unanswered, it lapses on 17 Jan 2026.",
            await chat.WhatsAppAsync(Founder, "INVITE 0701100002 2 TREASURER Otieno Omondi"));
        Assert.StartsWith("Invitation sent to +2547******03 for seat 3 as secretary.", await chat.WhatsAppAsync(Founder, "INVITE 0701100003 3 SECRETARY Akinyi Atieno"));
        Assert.StartsWith("Invitation sent to +2547******04 for seat 4.", await chat.WhatsAppAsync(Founder, "INVITE 0701100004 4 Kamau Njoroge"));
        Assert.StartsWith(
            "Hello! Achieng Otieno invites you to join Jirani Savers on Chama.Bot, on seat 2 as treasurer. Members contribute KES 5,000 every month. You join only if you say so, and nothing is charged by joining: reply JOIN JIRANI to accept",
            Assert.Single(await OutboxAsync(Treasurer)).Body);
        Assert.Equal(1, await MembersOfAsync("JIRANI"));

        Assert.StartsWith(
            "The cycle cannot start yet. Still missing:\n- At least two members who accepted: the chama has 1.\n- Seats 2, 3, 4: the invitees have not accepted yet.\n",
            await chat.WhatsAppAsync(Founder, "START CYCLE"));
        Assert.Equal(0, await CyclesOfAsync("JIRANI"));

        Assert.StartsWith("Welcome to Jirani Savers: you are the member on seat 2, treasurer. Nothing is charged by joining", await chat.WhatsAppAsync(Treasurer, "JOIN JIRANI"));
        Assert.StartsWith("CON Jirani Savers: Achieng Otieno invites you to seat 3 as secretary, KES 5,000 a month.\n1. Accept\n2. Decline", await chat.UssdAsync("ATUid_e2e_en", Secretary, ""));
        Assert.StartsWith("END Welcome to Jirani Savers: you are the member on seat 3, secretary.", await chat.UssdAsync("ATUid_e2e_en", Secretary, "1"));
        Assert.StartsWith("Welcome to Jirani Savers: you are the member on seat 4.", await chat.WhatsAppAsync(Member, "join jirani"));
        Assert.StartsWith(
            "Invitations (3):\n- Seat 4: +2547******04 (Kamau Njoroge): accepted\n- Seat 3: +2547******03 (Akinyi Atieno), secretary: accepted\n- Seat 2: +2547******02 (Otieno Omondi), treasurer: accepted",
            await chat.WhatsAppAsync(Founder, "INVITES"));
        await AssertSeatsAsync("JIRANI", "1 Achieng Otieno 2 En", "2 Otieno Omondi 1 En", "3 Akinyi Atieno 4 En", "4 Kamau Njoroge 0 En");

        Assert.StartsWith(
            "Cycle 1 of Jirani Savers has started with 4 rounds; every member has been told their round.\n1. Achieng Otieno, 1 Feb 2026\n2. Otieno Omondi, 1 Mar 2026\n3. Akinyi Atieno, 1 Apr 2026\n4. Kamau Njoroge, 1 May 2026",
            await chat.WhatsAppAsync(Founder, "START CYCLE"));
        Assert.Contains(await OutboxAsync(Member), m => m.Body == "Cycle 1 of Jirani Savers has started: KES 5,000 from each member every month, the first by 1 Feb 2026. You receive the pot in round 4, on 1 May 2026. Reply MENU to pay or see your balance.");

        Assert.StartsWith("Round 1, due 1 Feb 2026\nYou owe KES 5,000.\n1. Pay KES 5,000", await chat.WhatsAppAsync(Member, "PAY"));
        Assert.StartsWith("Pay KES 5,000 to Jirani Savers for round 1 from M-Pesa +254701100004?", await chat.WhatsAppAsync(Member, "1"));
        Assert.StartsWith("Check your phone: an M-Pesa prompt for KES 5,000 is on its way.", await chat.WhatsAppAsync(Member, "1"));

        var receipt = await ReceiptAsync(Member);
        var push = Assert.Single(daraja.StkPushes);
        Assert.Equal(("254701100004", 5_000L, "JIRANI-4"), (push.PhoneNumber, push.Amount, push.AccountReference));
        Assert.Equal($"Received KES 5,000 from Kamau Njoroge, M-Pesa receipt {push.Receipt}, for Jirani Savers round 1. Your round 1 contribution is paid in full. Thank you!", receipt.Body);
        await AssertFirstRoundPaidAsync("JIRANI", "Kamau Njoroge", push.Receipt!, 5_000_00, "Collected: KES 5,000 / 20,000");
    }

    [Fact]
    public async Task A_chama_founded_in_Swahili_invites_its_officers_starts_its_cycle_and_is_paid_its_first_round()
    {
        Assert.StartsWith("Chama kipya. Chama chako kinaitwaje?", await chat.WhatsAppAsync(Founder, "CHAMA MPYA"));
        foreach (var answer in new[] { "Tumaini", "TUMAINI", "2000", "kila wiki", "leo", "Wanjiru Kamau", "1", "SAWA" })
        {
            await chat.WhatsAppAsync(Founder, answer);
        }

        Assert.StartsWith("Tumaini (TUMAINI) kimeanzishwa. Wewe ni mwenyekiti wake, nafasi 1.", await chat.WhatsAppAsync(Founder, "NDIYO"));

        Assert.StartsWith(
            "Mwaliko umetumwa kwa +2547******02 kwa kiti 2 kama mweka hazina. Atakuwa mwanachama tu atakapojibu JIUNGE TUMAINI kutoka nambari hiyo; asipojibu, mwaliko utaisha tarehe 17 Jan 2026.",
            await chat.WhatsAppAsync(Founder, "ALIKA 0701100002 2 MWEKAHAZINA Otieno Omondi"));
        Assert.StartsWith("Mwaliko umetumwa kwa +2547******03 kwa kiti 3 kama katibu.", await chat.WhatsAppAsync(Founder, "ALIKA 0701100003 3 KATIBU Akinyi Atieno"));
        Assert.StartsWith("Mwaliko umetumwa kwa +2547******04 kwa kiti 4.", await chat.WhatsAppAsync(Founder, "ALIKA 0701100004 4 Kamau Njoroge"));
        Assert.StartsWith(
            "Habari! Wanjiru Kamau anakualika ujiunge na Tumaini kwenye Chama.Bot, kiti 2 kama mweka hazina. Wanachama huchanga KES 2,000 kila wiki. Unajiunga tu ukikubali",
            Assert.Single(await OutboxAsync(Treasurer)).Body);

        Assert.StartsWith(
            "Mzunguko hauwezi kuanza bado. Bado kinakosekana:\n- Angalau wanachama wawili waliokubali: chama kina 1.\n- Viti 2, 3, 4: walioalikwa hawajakubali bado.\n",
            await chat.WhatsAppAsync(Founder, "ANZA MZUNGUKO"));
        Assert.Equal(0, await CyclesOfAsync("TUMAINI"));

        Assert.StartsWith("Karibu Tumaini: wewe ni mwanachama wa kiti 2, mweka hazina.", await chat.WhatsAppAsync(Treasurer, "JIUNGE TUMAINI"));
        Assert.StartsWith("CON Tumaini: Wanjiru Kamau anakualika kiti 4, KES 2,000 kwa wiki.\n1. Kubali\n2. Kataa", await chat.UssdAsync("ATUid_e2e_sw", Member, ""));
        Assert.StartsWith("END Karibu Tumaini: wewe ni mwanachama wa kiti 4.", await chat.UssdAsync("ATUid_e2e_sw", Member, "1"));
        Assert.StartsWith("Karibu Tumaini: wewe ni mwanachama wa kiti 3, katibu.", await chat.WhatsAppAsync(Secretary, "jiunge tumaini"));

        // The first meeting was set to today (LEO) at founding: ANZA MZUNGUKO alone starts on it.
        Assert.StartsWith(
            "Mzunguko 1 wa Tumaini umeanza na raundi 4; kila mwanachama ameambiwa raundi yake.\n1. Wanjiru Kamau, 10 Jan 2026\n2. Otieno Omondi, 17 Jan 2026\n3. Akinyi Atieno, 24 Jan 2026\n4. Kamau Njoroge, 31 Jan 2026",
            await chat.WhatsAppAsync(Founder, "ANZA MZUNGUKO"));
        Assert.Contains(await OutboxAsync(Member), m => m.Body.StartsWith("Mzunguko 1 wa Tumaini umeanza: KES 2,000 kutoka kwa kila mwanachama kila wiki, wa kwanza kufikia 10 Jan 2026.", StringComparison.Ordinal));

        Assert.StartsWith("Mzunguko 1, tarehe 10 Jan 2026\nUnadaiwa KES 2,000.\n1. Lipa KES 2,000", await chat.WhatsAppAsync(Member, "LIPA"));
        Assert.StartsWith("Lipa KES 2,000 kwa Tumaini kwa mzunguko 1 kutoka M-Pesa +254701100004?", await chat.WhatsAppAsync(Member, "1"));
        Assert.StartsWith("Angalia simu yako: ombi la M-Pesa la KES 2,000 linakuja.", await chat.WhatsAppAsync(Member, "1"));

        var receipt = await ReceiptAsync(Member);
        var push = Assert.Single(daraja.StkPushes);
        Assert.Equal(("254701100004", 2_000L, "TUMAINI-4"), (push.PhoneNumber, push.Amount, push.AccountReference));
        Assert.Equal($"Tumepokea KES 2,000 kutoka kwa Kamau Njoroge, risiti ya M-Pesa {push.Receipt}, kwa Tumaini mzunguko 1. Mchango wako wa mzunguko 1 umelipwa wote. Asante!", receipt.Body);
        await AssertSeatsAsync("TUMAINI", "1 Wanjiru Kamau 2 Sw", "2 Otieno Omondi 1 Sw", "3 Akinyi Atieno 4 Sw", "4 Kamau Njoroge 0 Sw");
        await AssertFirstRoundPaidAsync("TUMAINI", "Kamau Njoroge", push.Receipt!, 2_000_00, "Collected: KES 2,000 / 8,000");
    }

    private Task<long> MembersOfAsync(string code) => DatabaseProbe.CountAsync(host, "members", $"chama_id IN (SELECT id FROM chamas WHERE code = '{code}')");

    private Task<long> CyclesOfAsync(string code) => DatabaseProbe.CountAsync(host, "cycles", $"chama_id IN (SELECT id FROM chamas WHERE code = '{code}')");

    /// <summary>Every member of the chama in seat order, as "seat name roles language": only those who accepted, with the roles they were offered.</summary>
    private async Task AssertSeatsAsync(string code, params string[] expected)
    {
        await using var connection = host.Storage.Connect();
        var seats = await connection.QueryAsync<string>(
            "SELECT m.seat || ' ' || m.name || ' ' || m.roles || ' ' || m.language FROM members m JOIN chamas c ON c.id = m.chama_id WHERE c.code = @code ORDER BY m.seat;",
            new { code });
        Assert.Equal(expected, seats);
    }

    /// <summary>The one contribution recorded, by the payer for round 1 under the M-Pesa receipt, and the round's ledger summary.</summary>
    private async Task AssertFirstRoundPaidAsync(string code, string payer, string receipt, long amountMinor, string collected)
    {
        var roundOne = await DatabaseProbe.ScalarAsync<long>(
            host,
            "SELECT r.id FROM rounds r JOIN cycles y ON y.id = r.cycle_id JOIN chamas c ON c.id = y.chama_id WHERE c.code = @code AND r.number = 1;",
            new { code });
        Assert.Equal(1, await DatabaseProbe.CountAsync(host, "contributions"));
        Assert.Equal(1, await DatabaseProbe.CountAsync(
            host,
            "contributions",
            $"receipt = '{receipt}' AND round_id = {roundOne} AND amount_minor = {amountMinor} AND fund = 'Pot' AND member_id IN (SELECT id FROM members WHERE name = '{payer}')"));
        Assert.Equal(collected, (await host.Get<ContributionLedger>().GetRoundSummaryAsync(roundOne)).CollectedLine);
    }

    private Task<IReadOnlyList<QueuedMessage>> OutboxAsync(string phone) => host.Get<Outbox>().ListForPhoneAsync(Core.PhoneNumber.Parse(phone));

    /// <summary>The receipt the callback's contribution sends the payer, once the simulator has called back.</summary>
    private async Task<QueuedMessage> ReceiptAsync(string phone) =>
        (await Eventually.ReturnsAsync(() => OutboxAsync(phone), messages => messages.Any(IsReceipt), "the receipt")).Single(IsReceipt);

    private static bool IsReceipt(QueuedMessage message) => message.IdempotencyKey.StartsWith("receipt:", StringComparison.Ordinal);
}

public sealed class SqliteChamaSetsItselfUpTests() : ChamaSetsItselfUpTests(Engine.Sqlite);

public sealed class PostgresChamaSetsItselfUpTests() : ChamaSetsItselfUpTests(Engine.Postgres);
