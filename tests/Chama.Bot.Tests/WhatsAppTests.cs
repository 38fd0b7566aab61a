using System.Net;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Tests;
using NSubstitute;

namespace Chama.Bot.Tests;

public abstract class WhatsAppTests : IDisposable
{
    private readonly Engine engine;
    private readonly BotFactory factory;
    private readonly Channels channels;

    protected WhatsAppTests(Engine engine)
    {
        this.engine = engine;
        factory = new BotFactory(engine);
        channels = new Channels(factory.CreateClient());
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public void The_tests_sign_exactly_as_the_Twilio_SDK_validates()
    {
        var form = Channels.WhatsAppForm(Phones.Grace, "hi");
        var url = $"{BotFactory.PublicBaseUrl}/webhooks/whatsapp";
        Assert.True(Channels.SdkAccepts(url, form, Channels.Sign(url, form)));
    }

    [Fact]
    public async Task A_member_gets_the_menu_as_TwiML()
    {
        var reply = await channels.WhatsAppAsync(Phones.Samuel, "hi");

        Assert.StartsWith("Umoja Investment Club\n1. Pay contribution", reply);
        Assert.DoesNotContain("Approvals", reply);
    }

    [Fact]
    public async Task Officers_see_approvals_in_the_menu()
    {
        Assert.Contains("6. Approvals", await channels.WhatsAppAsync(Phones.Grace, "MENU"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("forged")]
    [InlineData("signed-for-another-url")]
    [InlineData("signed-with-another-token")]
    public async Task A_missing_or_wrong_signature_is_refused_with_403_and_changes_nothing(string? signature)
    {
        _ = factory.CreateClient();
        var before = await DatabaseProbe.SnapshotAsync(factory);
        var form = Channels.WhatsAppForm(Phones.Diana, "1");
        var header = signature switch
        {
            null => "",
            "signed-for-another-url" => Channels.Sign("https://evil.example.org/webhooks/whatsapp", form),
            "signed-with-another-token" => Channels.Sign($"{BotFactory.PublicBaseUrl}/webhooks/whatsapp", form, "another-token"),
            _ => signature,
        };

        using var response = await channels.PostWhatsAppAsync(form, header);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await DatabaseProbe.SnapshotAsync(factory));
        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "conversation_sessions"));
    }

    [Fact]
    public async Task A_tampered_body_fails_the_signature()
    {
        var form = Channels.WhatsAppForm(Phones.Diana, "hi");
        var signature = Channels.Sign($"{BotFactory.PublicBaseUrl}/webhooks/whatsapp", form);
        form["Body"] = "1";

        using var response = await channels.PostWhatsAppAsync(form, signature);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_phone_is_told_how_to_join_and_nothing_else()
    {
        var reply = await channels.WhatsAppAsync(Phones.Stranger, "PAY");

        Assert.Contains("not registered with any chama", reply);
        Assert.Contains("treasurer", reply);
        Assert.DoesNotContain("Umoja", reply);
    }

    [Theory]
    [InlineData("blah blah")]
    [InlineData("42")]
    [InlineData("💸💸")]
    public async Task Nonsense_gets_the_menu_back_with_a_hint(string nonsense)
    {
        await channels.WhatsAppAsync(Phones.Samuel, "hi");

        var reply = await channels.WhatsAppAsync(Phones.Samuel, nonsense);

        Assert.StartsWith("Sorry, I did not understand that.\nUmoja Investment Club", reply);
    }

    [Fact]
    public async Task A_tapped_button_routes_by_its_payload()
    {
        var form = Channels.WhatsAppForm(Phones.Samuel, "My balance");
        form["MessageType"] = "interactive";
        form["ButtonText"] = "My balance";
        form["ButtonPayload"] = "BALANCE";

        using var response = await channels.PostWhatsAppAsync(form);

        Assert.Contains("Due now: KES 10,000 (round 1)", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pay_by_keyword_queues_one_STK_push_and_says_to_enter_the_PIN()
    {
        Assert.Contains("You owe KES 10,000.", await channels.WhatsAppAsync(Phones.Samuel, "PAY"));
        Assert.Contains("Pay KES 10,000 to Umoja Investment Club for round 1 from M-Pesa +254711000004?", await channels.WhatsAppAsync(Phones.Samuel, "1"));

        var reply = await channels.WhatsAppAsync(Phones.Samuel, "1");

        Assert.Contains("Enter your M-Pesa PIN", reply);
        await Eventually.ReceivedAsync(factory.StkPush, request => request.Amount == Money.Kes(10_000) && request.Phone.E164 == Phones.Samuel);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "payment_requests"));
    }

    [Fact]
    public async Task Another_amount_can_be_paid_and_bad_amounts_are_asked_again()
    {
        await channels.WhatsAppAsync(Phones.Samuel, "LIPA");
        Assert.Contains("Enter the amount", await channels.WhatsAppAsync(Phones.Samuel, "2"));
        Assert.Contains("That is not an amount", await channels.WhatsAppAsync(Phones.Samuel, "ten thousand"));
        Assert.Contains("That is not an amount", await channels.WhatsAppAsync(Phones.Samuel, "300000"));
        Assert.Contains("That is not an amount", await channels.WhatsAppAsync(Phones.Samuel, "-5"));
        Assert.Contains("Pay KES 4,500", await channels.WhatsAppAsync(Phones.Samuel, "Ksh 4,500"));
        Assert.Contains("Cancelled. Nothing was charged.", await channels.WhatsAppAsync(Phones.Samuel, "2"));

        Assert.Equal(0, await DatabaseProbe.CountAsync(factory, "payment_requests"));
    }

    [Fact]
    public async Task A_retried_delivery_is_answered_the_same_without_acting_twice()
    {
        await channels.WhatsAppAsync(Phones.Samuel, "PAY");
        await channels.WhatsAppAsync(Phones.Samuel, "1");

        var first = await channels.WhatsAppAsync(Phones.Samuel, "1", messageSid: "SM00000000000000000000000000000001");
        var retried = await channels.WhatsAppAsync(Phones.Samuel, "1", messageSid: "SM00000000000000000000000000000001");

        Assert.Equal(first, retried);
        Assert.Equal(1, await DatabaseProbe.CountAsync(factory, "payment_requests"));
    }

    [Fact]
    public async Task Balance_shows_paid_due_arrears_credit_welfare_and_the_members_turn()
    {
        var reply = await channels.WhatsAppAsync(Phones.Samuel, "BALANCE");

        Assert.Equal(
            "Umoja Investment Club, cycle 1\nPaid: KES 0\nDue now: KES 10,000 (round 1)\nArrears: KES 0\nCredit: KES 0\nWelfare paid: KES 0\nYour pot: round 4, 30 Apr 2026\n\nSend MENU for the menu.",
            reply);
    }

    [Fact]
    public async Task Swahili_keywords_answer_in_the_members_language()
    {
        await channels.WhatsAppAsync(Phones.Samuel, "SW");

        var reply = await channels.WhatsAppAsync(Phones.Samuel, "SALIO");

        Assert.Contains("Deni sasa: KES 10,000 (mzunguko 1)", reply);
        Assert.Contains("Tuma MENU", reply);
        Assert.Equal(Language.Sw, (await factory.Get<ChamaStore>().FindMembershipsAsync(PhoneNumber.Parse(Phones.Samuel)))[0].Language);
    }

    [Fact]
    public async Task The_language_switch_is_a_menu_choice_too()
    {
        await channels.WhatsAppAsync(Phones.Samuel, "hi");

        Assert.StartsWith("Lugha sasa ni Kiswahili.\nUmoja Investment Club\n1. Lipa mchango", await channels.WhatsAppAsync(Phones.Samuel, "5"));
        Assert.StartsWith("Language set to English.", await channels.WhatsAppAsync(Phones.Samuel, "5"));
    }

    [Fact]
    public async Task An_idle_session_expires_after_ten_minutes()
    {
        await channels.WhatsAppAsync(Phones.Samuel, "PAY");
        factory.Clock.Advance(TimeSpan.FromMinutes(11));

        var reply = await channels.WhatsAppAsync(Phones.Samuel, "1");

        // "1" is read afresh, as the main menu's first choice, not as the pay screen's.
        Assert.Contains("You owe KES 10,000.\n1. Pay KES 10,000", reply);
    }

    [Fact]
    public async Task Help_lists_the_keywords()
    {
        Assert.Contains("PAY, BALANCE, STATEMENT, PENDING, WELFARE", await channels.WhatsAppAsync(Phones.Samuel, "HELP"));
    }

    [Fact]
    public async Task Every_reply_fits_in_one_Twilio_message()
    {
        foreach (var text in new[] { "hi", "HELP", "PAY", "0", "BALANCE", "PENDING", "WELFARE", "0", "APPROVALS", "SW", "MENU" })
        {
            Assert.InRange((await channels.WhatsAppAsync(Phones.Grace, text)).Length, 1, 1_600);
        }
    }

    [Fact]
    public async Task Too_many_messages_from_one_phone_get_a_polite_answer()
    {
        using var limited = new BotFactory(engine).With("RateLimits:PerPhonePerMinute", "3");
        var slow = new Channels(limited.CreateClient());
        for (var i = 0; i < 3; i++)
        {
            await slow.WhatsAppAsync(Phones.Samuel, "hi");
        }

        Assert.Contains("too quickly", await slow.WhatsAppAsync(Phones.Samuel, "hi"));
        Assert.Contains("Umoja", await slow.WhatsAppAsync(Phones.Diana, "hi"));
    }
}

public sealed class SqliteWhatsAppTests() : WhatsAppTests(Engine.Sqlite);

public sealed class PostgresWhatsAppTests() : WhatsAppTests(Engine.Postgres);
