using System.Globalization;
using Chama.Conversations.Commands.Rules;
using Chama.Core;
using Chama.Core.Founding;
using Chama.Data.Founding;

namespace Chama.Conversations.Phones.Founding;

/// <summary>The founding flow's screens: each step's question (under a hint after a wrong answer) and the summary.</summary>
public static class FoundingScreens
{
    private const string DateFormat = "d MMM yyyy";

    /// <summary>The refusals a step answers with its question again, under the hint of what was wrong.</summary>
    public static bool IsStepRefusal(ChamaError error) => error is ChamaError.InvalidChama or ChamaError.InvalidChamaCode or ChamaError.ChamaCodeTaken
        or ChamaError.InvalidAmount or ChamaError.UnknownCurrency or ChamaError.MpesaUnavailable or ChamaError.InvalidConstitution
        or ChamaError.InvalidDate or ChamaError.InvalidCycleDate or ChamaError.InvalidSeat or ChamaError.SetupIncomplete;

    /// <summary>Why founding was refused, as the chat's and the dashboard's templates word it.</summary>
    public static string Reason(ChamaError error) => error == ChamaError.OnboardingClosed ? "closed" : "limit";

    public static string Hint(PhoneContext context, ChamaError error) => Hint(context, error.ToString());

    /// <summary>The line above a step's question: what was wrong (an error's name) or what changed (<c>RuleChanged</c>).</summary>
    public static string Hint(PhoneContext context, string error) => context.Say("founding_hint", HintModel(error));

    /// <summary>The <c>founding_hint</c> model for an error's name (also the dashboard's form errors).</summary>
    public static object HintModel(string error) => new
    {
        error,
        min_code = ShortCode.MinLength,
        max_code = ShortCode.MaxLength,
        min = NewPaymentRequest.Minimum.ToString(),
        max = NewPaymentRequest.Maximum.ToString(),
        max_seat = ChamaSetup.MaxSeat,
    };

    public static string Prompt(PhoneContext context, SetupDraft draft, string hint)
    {
        var answers = draft.Setup.Answers;
        var rules = answers.Rules();
        return context.Say("founding_step", new
        {
            step = StepKey(draft.Setup.Step),
            hint,
            name = answers.Name ?? "",
            code = answers.Code ?? "",
            first_meeting = answers.FirstMeeting?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? "",
            founder = answers.FounderName ?? "",
            seat = answers.Seat ?? 0,
            today = context.Today.ToString("d/M/yyyy", CultureInfo.InvariantCulture),
            rules = rules is null ? "" : context.Say("rules_list", RulesCommand.Model(answers.Name ?? "", rules, founding: true)),
            approval = context.Services.Founding.RequiresApproval,
        });
    }

    /// <summary><see cref="SetupStep.FirstMeeting"/> as the templates read it: <c>first_meeting</c> (chat and dashboard).</summary>
    public static string StepKey(SetupStep step) =>
        string.Concat(step.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"_{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
}
