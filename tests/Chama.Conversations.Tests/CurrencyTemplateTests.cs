using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Conversations.Tests;

/// <summary>A chama abroad reads its own currency everywhere: no text speaks of shillings unless the chama keeps them.</summary>
public class CurrencyTemplateTests
{
    private static readonly MessageTexts Texts = MessageTexts.LoadEmbedded();

    /// <summary>Words that belong to shillings alone, in either language.</summary>
    private static readonly string[] ShillingWords = ["KES", "Ksh", "shilling", "shilingi"];

    /// <summary>
    /// Screens of the M-Pesa pay flow, which quote M-Pesa's own limits in shillings; a chama in another currency never
    /// reaches them (the pay flow sends its members to the treasurer first, tested through the HTTP pipeline).
    /// </summary>
    private static readonly string[] MpesaPushOnly = ["pay_amount", "pay_amount_invalid"];

    /// <summary>Screens of founding a chama, before it has a currency: they offer shillings by M-Pesa or another currency.</summary>
    private static readonly string[] BeforeAnyCurrency = ["founding_step", "founding_hint"];

    public static TheoryData<string, Language, bool> Every()
    {
        var data = new TheoryData<string, Language, bool>();
        foreach (var key in Texts.Keys.Except(MpesaPushOnly).Except(BeforeAnyCurrency))
        {
            foreach (var language in Enum.GetValues<Language>())
            {
                data.Add(key, language, false);
                data.Add(key, language, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void No_template_speaks_of_shillings_to_a_pound_chama(string key, Language language, bool ussd)
    {
        var text = Texts.Render(language, key, TemplateTests.SamplesIn("GBP").GetValueOrDefault(key), ussd);

        Assert.All(ShillingWords, word => Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_screens_left_out_are_only_those_that_quote_M_Pesa_limits() =>
        Assert.All(MpesaPushOnly, key => Assert.Contains(NewPaymentRequest.Maximum.ToString(), Texts.Render(Language.En, key, TemplateTests.SamplesIn("GBP")[key])));

    [Fact]
    public void A_pound_chama_is_asked_for_pounds_with_pence()
    {
        var model = TemplateTests.SamplesIn("GBP");

        Assert.StartsWith("How much do you need, in GBP?", Texts.Render(Language.En, "welfare_amount", model["welfare_amount"]));
        Assert.Contains("Weka kiasi kwa GBP, kwa mfano 100.00.", Texts.Render(Language.Sw, "welfare_amount_invalid", model["welfare_amount_invalid"]));
        Assert.Contains("GBP 10,000.00", Texts.Render(Language.En, "balance", model["balance"]));
    }

    [Fact]
    public void A_shillings_chama_still_reads_shillings()
    {
        var model = TemplateTests.SamplesIn("KES");

        Assert.StartsWith("How much do you need, in shillings?", Texts.Render(Language.En, "welfare_amount", model["welfare_amount"]));
        Assert.StartsWith("Unahitaji kiasi gani, kwa shilingi?", Texts.Render(Language.Sw, "welfare_amount", model["welfare_amount"]));
        Assert.Contains("Enter the amount in whole shillings, for example 5000.", Texts.Render(Language.En, "welfare_amount_invalid", model["welfare_amount_invalid"]));
    }

    [Fact]
    public void Members_of_a_pound_chama_are_sent_to_the_treasurer_in_both_languages()
    {
        var model = TemplateTests.SamplesIn("GBP")["pay_by_officer"];

        Assert.Equal(
            "Umoja is kept in GBP: M-Pesa cannot take it. Pay the treasurer (Grace Wanjiku); an officer records it and you get a receipt.",
            Texts.Render(Language.En, "pay_by_officer", model));
        Assert.StartsWith("Umoja kinatumia GBP: M-Pesa haiwezi kuipokea.", Texts.Render(Language.Sw, "pay_by_officer", model));
        Assert.StartsWith(
            "M-Pesa reaches Kenyan (+254) numbers only.",
            Texts.Render(Language.En, "pay_by_officer", TemplateTests.SamplesIn("KES")["pay_by_officer"]));
    }

    [Theory]
    [InlineData("reminder_before")]
    [InlineData("reminder_due")]
    [InlineData("reminder_overdue")]
    public void Reminders_offer_M_Pesa_only_where_it_serves(string key)
    {
        Assert.EndsWith("pay the treasurer, and an officer records it.", Texts.Render(Language.En, key, TemplateTests.SamplesIn("GBP")[key]), StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("lipa kwa mweka hazina, na kiongozi ataurekodi.", Texts.Render(Language.Sw, key, TemplateTests.SamplesIn("GBP")[key]), StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("to pay by M-Pesa.", Texts.Render(Language.En, key, TemplateTests.SamplesIn("KES")[key]), StringComparison.Ordinal);
    }
}
