using Chama.Core;
using Chama.Core.Founding;

namespace Chama.Core.Tests;

/// <summary>Founding a chama step by step: each step takes its answer or refuses it with its own error, changing nothing.</summary>
public class ChamaSetupTests
{
    private static readonly DateOnly Today = new(2026, 1, 10);

    private static ChamaSetup At(SetupStep step) => step switch
    {
        SetupStep.Name => ChamaSetup.New(),
        _ => At(step - 1).Answer(step switch
        {
            SetupStep.Code => "Jirani Savers",
            SetupStep.Contribution => "JIRANI",
            SetupStep.Frequency => "5000",
            SetupStep.FirstMeeting => "monthly",
            SetupStep.FounderName => "1/2/2026",
            SetupStep.Seat => "Achieng Otieno",
            SetupStep.Rules => "1",
            _ => "OK",
        }, Today),
    };

    private static ChamaError Refusal(SetupStep step, string answer)
    {
        var before = At(step);
        var refused = Assert.Throws<ChamaException>(() => before.Answer(answer, Today));
        Assert.Equal(step, before.Step);
        return refused.Error;
    }

    [Fact]
    public void Every_step_answered_gives_the_founding_with_the_default_rules()
    {
        var founding = At(SetupStep.Confirm).ToFounding();

        Assert.Equal(("Jirani Savers", "JIRANI", new DateOnly(2026, 2, 1), "Achieng Otieno", 1), (founding.Name, founding.Code, founding.FirstMeeting, founding.FounderName, founding.Seat));
        Assert.Equal(Constitution.Monthly(Money.Kes(5_000)), founding.Rules);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_chama_needs_a_name(string name) => Assert.Equal(ChamaError.InvalidChama, Refusal(SetupStep.Name, name));

    [Theory]
    [InlineData("JI")]
    [InlineData("1JIRANI")]
    [InlineData("JIRANI-SAVERS")]
    [InlineData("JIRANISAVE")]
    public void A_code_is_three_to_eight_letters_and_digits_starting_with_a_letter(string code) =>
        Assert.Equal(ChamaError.InvalidChamaCode, Refusal(SetupStep.Code, code));

    [Fact]
    public void A_code_is_kept_in_upper_case() => Assert.Equal("JIR2", At(SetupStep.Code).Answer(" jir2 ", Today).Answers.Code);

    [Theory]
    [InlineData("5000", "KES", 500_000L)]
    [InlineData("Ksh 5,000", "KES", 500_000L)]
    [InlineData("GBP 50", "GBP", 5_000L)]
    [InlineData("ugx 50,000", "UGX", 50_000L)]
    public void The_contribution_sets_the_currency(string answer, string currency, long minor) =>
        Assert.Equal(new Money(minor, currency), At(SetupStep.Contribution).Answer(answer, Today).Answers.Contribution);

    [Theory]
    [InlineData("five thousand", ChamaError.InvalidAmount)]
    [InlineData("0", ChamaError.InvalidAmount)]
    [InlineData("XYZ 50", ChamaError.UnknownCurrency)]
    [InlineData("5000.50", ChamaError.MpesaUnavailable)]
    [InlineData("300000", ChamaError.MpesaUnavailable)]
    public void A_contribution_that_is_no_amount_or_one_mpesa_cannot_collect_is_refused(string answer, ChamaError error) =>
        Assert.Equal(error, Refusal(SetupStep.Contribution, answer));

    [Theory]
    [InlineData("1", MeetingFrequency.Weekly)]
    [InlineData("2", MeetingFrequency.Fortnightly)]
    [InlineData("biweekly", MeetingFrequency.Fortnightly)]
    [InlineData("KILA MWEZI", MeetingFrequency.Monthly)]
    public void The_frequency_is_a_number_from_the_list_or_its_word(string answer, MeetingFrequency frequency) =>
        Assert.Equal(frequency, At(SetupStep.Frequency).Answer(answer, Today).Answers.Frequency);

    [Theory]
    [InlineData("4")]
    [InlineData("daily")]
    public void A_frequency_not_offered_is_refused(string answer) => Assert.Equal(ChamaError.InvalidConstitution, Refusal(SetupStep.Frequency, answer));

    [Theory]
    [InlineData("10/1/2026", 2026, 1, 10)]
    [InlineData("2026-03-31", 2026, 3, 31)]
    [InlineData("LEO", 2026, 1, 10)]
    public void The_first_meeting_is_today_or_later(string answer, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), At(SetupStep.FirstMeeting).Answer(answer, Today).Answers.FirstMeeting);

    [Theory]
    [InlineData("9/1/2026", ChamaError.InvalidCycleDate)]
    [InlineData("1/1/2030", ChamaError.InvalidCycleDate)]
    [InlineData("next week", ChamaError.InvalidDate)]
    [InlineData("31/2/2026", ChamaError.InvalidDate)]
    public void A_first_meeting_in_the_past_or_unreadable_is_refused(string answer, ChamaError error) =>
        Assert.Equal(error, Refusal(SetupStep.FirstMeeting, answer));

    [Fact]
    public void The_founder_needs_a_name_of_at_most_sixty_characters() =>
        Assert.Equal(ChamaError.InvalidChama, Refusal(SetupStep.FounderName, new string('A', 61)));

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("one")]
    public void The_founders_seat_is_one_to_a_hundred(string answer) => Assert.Equal(ChamaError.InvalidSeat, Refusal(SetupStep.Seat, answer));

    [Fact]
    public void A_rule_is_changed_by_its_number_or_its_word_and_the_list_is_shown_again()
    {
        var changed = At(SetupStep.Rules).Answer("3 200", Today).Answer("QUORUM 3", Today).Answer("7 OFF", Today).Answer("KATO 10", Today);

        Assert.Equal(SetupStep.Rules, changed.Step);
        var rules = changed.Answers.Rules()!;
        Assert.Equal((Money.Kes(200), 3, false, 10), (rules.LateFine, rules.ApprovalsRequired, rules.MembersMaySeePending, rules.ExitDeductionPercent));
        Assert.Equal(SetupStep.Confirm, changed.Answer("ndiyo", Today).Step);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("9 12")]
    [InlineData("5 0")]
    [InlineData("8 150")]
    [InlineData("CONTRIBUTION 6000")]
    [InlineData("maybe")]
    public void A_rule_change_that_is_unreadable_or_impossible_is_refused(string answer) =>
        Assert.Equal(ChamaError.InvalidConstitution, Refusal(SetupStep.Rules, answer));

    [Fact]
    public void Going_back_keeps_the_answers_and_stops_at_the_first_step()
    {
        var back = At(SetupStep.Frequency).Back();

        Assert.Equal((SetupStep.Contribution, "JIRANI"), (back.Step, back.Answers.Code));
        Assert.Equal(SetupStep.Name, ChamaSetup.New().Back().Step);
        var toCode = At(SetupStep.Confirm).BackTo(SetupStep.Code);
        Assert.Equal((SetupStep.Code, "JIRANI", (int?)1), (toCode.Step, toCode.Answers.Code, toCode.Answers.Seat));
        Assert.Equal(SetupStep.Code, At(SetupStep.Code).BackTo(SetupStep.Rules).Step);
    }

    [Fact]
    public void Founding_before_the_summary_is_refused() =>
        Assert.Equal(ChamaError.SetupIncomplete, Assert.Throws<ChamaException>(() => At(SetupStep.Rules).ToFounding()).Error);
}
