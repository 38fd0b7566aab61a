using Chama.Conversations.Texts;
using Chama.Core;

namespace Chama.Conversations.Tests;

/// <summary>The schedule in docs/loans.md is the one the templates render for that loan, in English and Swahili.</summary>
public sealed class LoanScheduleDocsTests
{
    private static readonly MessageTexts Texts = MessageTexts.LoadEmbedded();

    [Theory]
    [InlineData(Language.En)]
    [InlineData(Language.Sw)]
    public void The_schedule_shown_in_the_docs_is_what_the_member_is_shown_before_confirming(Language language)
    {
        var schedule = LoanSchedule.Plan(Money.Kes(30_000), InterestMethod.Reducing, 150, 6, new DateOnly(2026, 1, 10), LoanRounding.UnitOf(Currencies.Kes));
        var screen = Texts.Render(language, "loan_step", new
        {
            step = "confirm", currency = "KES", most = "", invalid = false, reason = "", max_term = 0, guarantors = 0,
            pledge = Money.Kes(7_500).ToString(), amount = Money.Kes(30_000).ToString(), term = 6, seats = "3, 2",
            schedule = LoanTexts.Schedule(Texts, language, schedule, asIfToday: true),
        });

        Assert.Contains($"```\n{screen}\n```", File.ReadAllText(LoansPage()).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_ussd_line_in_the_docs_is_what_the_last_screen_says()
    {
        var schedule = LoanSchedule.Plan(Money.Kes(30_000), InterestMethod.Reducing, 150, 6, new DateOnly(2026, 1, 10), LoanRounding.UnitOf(Currencies.Kes));

        var line = LoanTexts.Schedule(Texts, Language.En, schedule, asIfToday: true, ussd: true);

        Assert.Contains($"`{line}`", File.ReadAllText(LoansPage()).ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    private static string LoansPage() => Path.Combine(FlowDiagramTests.RepositoryRoot(), "docs", "loans.md");
}
