using Chama.Mpesa.Callbacks;

namespace Chama.Mpesa.Tests;

/// <summary>What a B2C or transaction status result says of a payout, in both key forms Safaricom has published.</summary>
public sealed class PayoutFateTests
{
    /// <summary>Safaricom's 2017 Transaction Status sample: spaced and unspaced keys mixed, an item without a Value, the envelope's ids the query's own.</summary>
    private const string PublishedStatusSample = """
        {"Result":{"ResultType":0,"ResultCode":0,"ResultDesc":"The service request has been accepted successfully.",
        "OriginatorConversationID":"10816-694520-2","ConversationID":"AG_20170727_000059c52529a8e080bd","TransactionID":"LGR0000000",
        "ResultParameters":{"ResultParameter":[{"Key":"ReceiptNo","Value":"LGR919G2AV"},{"Key":"Conversation ID","Value":"AG_20170727_00004492b1b6d0078fbe"},
        {"Key":"FinalisedTime","Value":20170727101415},{"Key":"Amount","Value":10},{"Key":"TransactionStatus","Value":"Completed"},
        {"Key":"ReasonType","Value":"Salary Payment via API"},{"Key":"TransactionReason"},{"Key":"DebitPartyCharges","Value":"Fee For B2C Payment|KES|33.00"},
        {"Key":"DebitAccountType","Value":"Utility Account"},{"Key":"InitiatedTime","Value":20170727101415},
        {"Key":"Originator Conversation ID","Value":"19455-773836-1"},{"Key":"CreditPartyName","Value":"254708374149 - John Doe"},
        {"Key":"DebitPartyName","Value":"600134 - Safaricom157"}]},"ReferenceData":{"ReferenceItem":{"Key":"Occasion","Value":"aaaa"}}}}
        """;

    [Fact]
    public void The_published_status_sample_names_the_payout_by_its_spaced_key_not_by_the_querys_own_id()
    {
        var fate = PayoutFate.FromStatusResult(DarajaResult.Parse(PublishedStatusSample)!);

        Assert.Equal(("19455-773836-1", PayoutVerdict.Paid, "LGR919G2AV"), (fate.OriginatorConversationId, fate.Verdict, fate.Receipt));
    }

    [Theory]
    [InlineData("Transaction Status", "Receipt No.", "Originator Conversation ID")]
    [InlineData("TransactionStatus", "ReceiptNo", "OriginatorConversationID")]
    public void A_completed_status_is_read_in_either_key_form(string statusKey, string receiptKey, string originatorKey)
    {
        var fate = PayoutFate.FromStatusResult(Status("0", (statusKey, "Completed"), (receiptKey, "TKL0000ABC"), (originatorKey, "chama-payout-7")));

        Assert.Equal(("chama-payout-7", PayoutVerdict.Paid, "TKL0000ABC"), (fate.OriginatorConversationId, fate.Verdict, fate.Receipt));
    }

    [Fact]
    public void A_failed_status_query_says_nothing_of_the_payout()
    {
        var fate = PayoutFate.FromStatusResult(Status("2001", ("OriginatorConversationID", "chama-payout-7")));

        Assert.Equal(PayoutVerdict.Unknown, fate.Verdict);
    }

    [Theory]
    [InlineData("Failed", PayoutVerdict.NotPaid)]
    [InlineData("Declined", PayoutVerdict.NotPaid)]
    [InlineData("Pending", PayoutVerdict.Unknown)]
    [InlineData("Reversed", PayoutVerdict.Unknown)]
    [InlineData("", PayoutVerdict.Unknown)]
    public void Only_a_status_after_which_no_money_moved_is_not_paid(string status, PayoutVerdict verdict)
    {
        var fate = PayoutFate.FromStatusResult(Status("0", ("TransactionStatus", status), ("OriginatorConversationID", "chama-payout-7")));

        Assert.Equal(verdict, fate.Verdict);
    }

    [Fact]
    public void A_status_result_of_a_known_query_settles_the_payout_it_asked_about_though_it_does_not_name_it()
    {
        var fate = PayoutFate.FromStatusResult(Status("0", ("Transaction Status", "Completed"), ("Receipt No.", "TKL0000ABC")), askedAbout: "chama-payout-7");

        Assert.Equal(("chama-payout-7", PayoutVerdict.Paid, "TKL0000ABC"), (fate.OriginatorConversationId, fate.Verdict, fate.Receipt));
    }

    [Fact]
    public void A_status_result_of_a_known_query_that_names_another_transaction_says_nothing_of_the_payout()
    {
        var fate = PayoutFate.FromStatusResult(
            Status("0", ("TransactionStatus", "Completed"), ("ReceiptNo", "TKL0000ABC"), ("OriginatorConversationID", "someone-elses-payout")), askedAbout: "chama-payout-7");

        Assert.Equal(("chama-payout-7", PayoutVerdict.Unknown, null), (fate.OriginatorConversationId, fate.Verdict, fate.Receipt));
    }

    [Fact]
    public void A_failed_status_query_says_nothing_of_the_payout_it_asked_about()
    {
        var fate = PayoutFate.FromStatusResult(Status("2001"), askedAbout: "chama-payout-7");

        Assert.Equal(("chama-payout-7", PayoutVerdict.Unknown), (fate.OriginatorConversationId, fate.Verdict));
    }

    [Fact]
    public void A_B2C_results_code_is_the_payouts_own_fate()
    {
        var refused = PayoutFate.FromB2CResult(Result("2001", "chama-payout-7"));
        var paid = PayoutFate.FromB2CResult(Result("0", "chama-payout-7", ("TransactionReceipt", "TKL0000XYZ")));

        Assert.Equal(("chama-payout-7", PayoutVerdict.NotPaid), (refused.OriginatorConversationId, refused.Verdict));
        Assert.Equal((PayoutVerdict.Paid, "TKL0000XYZ"), (paid.Verdict, paid.Receipt));
    }

    private static DarajaResult Status(string code, params (string Key, string Value)[] parameters) => Result(code, "query-own-id", parameters);

    private static DarajaResult Result(string code, string originator, params (string Key, string Value)[] parameters) =>
        DarajaResult.Parse(System.Text.Json.JsonSerializer.Serialize(new
        {
            Result = new
            {
                ResultType = 0,
                ResultCode = code,
                ResultDesc = "desc",
                OriginatorConversationID = originator,
                ConversationID = "AG_1",
                TransactionID = "TKL0000000",
                ResultParameters = new { ResultParameter = parameters.Select(p => new { p.Key, p.Value }).ToArray() },
            },
        }))!;
}
