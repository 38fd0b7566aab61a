using Chama.Core;

namespace Chama.Core.Tests;

public class PaybillReferenceTests
{
    [Theory]
    [InlineData("UMOJA-4", "Pot")]
    [InlineData("UMOJA-4-S", "Savings")]
    [InlineData("umoja 4 s", "Savings")]
    [InlineData("UMOJA#4/S", "Savings")]
    [InlineData("UMOJA-4-L", "Loan")]
    [InlineData("UMOJA 4 l", "Loan")]
    public void The_reference_ending_names_the_fund_and_the_rest_names_the_member(string reference, string fund)
    {
        var target = AccountReference.Read(reference);

        Assert.Equal(Enum.Parse<Fund>(fund), target.Fund);
        Assert.Equal([("UMOJA", 4)], target.Members);
        Assert.Null(target.LoanId);
    }

    [Theory]
    [InlineData("L5", 5)]
    [InlineData("l-17", 17)]
    [InlineData("L 123", 123)]
    public void A_loan_code_names_the_loan(string reference, long loanId) =>
        Assert.Equal(loanId, AccountReference.Read(reference).LoanId);

    [Fact]
    public void A_loan_code_that_could_be_a_member_code_keeps_both_readings()
    {
        var target = AccountReference.Read("L15");

        Assert.Equal(15, target.LoanId);
        Assert.Contains(("L1", 5), target.Members);
    }

    [Theory]
    [InlineData("UMOJA-4-X")]
    [InlineData("UMOJA-S")]
    [InlineData("S")]
    public void A_reference_naming_no_member_names_nobody(string reference) =>
        Assert.Empty(AccountReference.Read(reference).Members);

    [Theory]
    [InlineData("welfare", Fund.Welfare)]
    [InlineData("USTAWI", Fund.Welfare)]
    [InlineData("Savings", Fund.Savings)]
    [InlineData("AKIBA", Fund.Savings)]
    [InlineData("LOAN", Fund.Loan)]
    [InlineData("mkopo", Fund.Loan)]
    [InlineData("POT", Fund.Pot)]
    public void An_officer_names_a_fund_in_English_or_Swahili(string word, Fund fund) =>
        Assert.Equal(fund, FundWords.Read(word));

    [Fact]
    public void A_word_that_is_no_fund_names_none() =>
        Assert.Null(FundWords.Read("CASH"));
}
