using Chama.Core;
using Chama.Core.Founding;
using Chama.Data.Founding;

namespace Chama.Conversations.Phones.Founding;

/// <summary>
/// Answers the steps of a phone's open chama set-up on WhatsApp: a stranger's every message while the set-up is open, a
/// member's only while their session is in this flow (so their menu works the rest of the time). The steps, their order
/// and their checks are <see cref="ChamaSetup"/>'s; the state is the draft in the database (a stranger's session is
/// never kept). <c>0</c> goes back a step, <c>CANCEL</c>/<c>ACHA</c> abandons the set-up, yes on the summary founds it.
/// </summary>
public sealed class FoundingFlow : IPhoneFlow
{
    public const string Name = "founding";

    private static readonly string[] CancelWords = ["CANCEL", "ACHA"];

    public async Task<FlowReply?> TryAnswerAsync(PhoneContext context, string input)
    {
        if (context.IsUssd || (context.IsMember && context.Session.Flow != Name))
        {
            return null;
        }

        var draft = await context.Services.Founding.FindAsync(context.Phone);
        var key = context.StepKey("found");
        if (draft is { IsOpen: false } done && done.FoundedByKey == key)
        {
            // A retry of the message that founded the chama: the same answer, nothing founded again.
            return await FoundAsync(context.In(done.Language), key);
        }

        if (draft is not { IsOpen: true })
        {
            context.Session.Leave();
            return null;
        }

        var speaking = context.In(draft.Language);
        if (context.Services.Clock.GetUtcNow() - draft.UpdatedAt > ConversationEngine.WhatsAppIdleTimeout)
        {
            // A set-up left for a while is not answered by whatever comes next ("hi" is no chama's name): its question is asked again.
            var resumed = await context.Services.Founding.StartAsync(context.Phone, draft.Language, context.Inbound.ChannelName);
            return FlowReply.Continue(FoundingScreens.Prompt(speaking, resumed, FoundingScreens.Hint(speaking, "Resumed")));
        }

        try
        {
            return await AnswerAsync(speaking, draft, input.Trim(), key);
        }
        catch (ChamaException refused) when (FoundingScreens.IsStepRefusal(refused.Error))
        {
            return FlowReply.Continue(FoundingScreens.Prompt(speaking, draft, FoundingScreens.Hint(speaking, refused.Error)));
        }
        catch (ChamaException refused) when (refused.Error is ChamaError.OnboardingClosed or ChamaError.FoundingLimitReached)
        {
            context.Session.Leave();
            return FlowReply.Finished(speaking.Say("founding_refused", new { reason = FoundingScreens.Reason(refused.Error), limit = FoundingStore.DailyLimit }));
        }
    }

    private static async Task<FlowReply> AnswerAsync(PhoneContext context, SetupDraft draft, string input, string key)
    {
        var founding = context.Services.Founding;
        if (CancelWords.Contains(input.ToUpperInvariant()))
        {
            await founding.CancelAsync(context.Phone);
            context.Session.Leave();
            return FlowReply.Finished(context.Say("founding_cancelled"));
        }

        if (Input.Is(input, Input.Back))
        {
            return FlowReply.Continue(FoundingScreens.Prompt(context, await founding.BackAsync(context.Phone), hint: ""));
        }

        if (draft.Setup.Step == SetupStep.Confirm)
        {
            if (!ChamaSetup.IsYes(input))
            {
                return FlowReply.Continue(FoundingScreens.Prompt(context, draft, FoundingScreens.Hint(context, ChamaError.SetupIncomplete)));
            }

            try
            {
                return await FoundAsync(context, key);
            }
            catch (ChamaException taken) when (taken.Error == ChamaError.ChamaCodeTaken)
            {
                // Another chama took the code since it was chosen: choose another, every other answer kept.
                var toCode = await founding.BackAsync(context.Phone, SetupStep.Code);
                return FlowReply.Continue(FoundingScreens.Prompt(context, toCode, FoundingScreens.Hint(context, taken.Error)));
            }
        }

        var answered = await founding.AnswerAsync(context.Phone, input);
        var changedRule = draft.Setup.Step == SetupStep.Rules && answered.Setup.Step == SetupStep.Rules;
        return FlowReply.Continue(FoundingScreens.Prompt(context, answered, changedRule ? FoundingScreens.Hint(context, "RuleChanged") : ""));
    }

    private static async Task<FlowReply> FoundAsync(PhoneContext context, string key)
    {
        var founded = await context.Services.Founding.FoundAsync(context.Phone, key, context.Inbound.ChannelName);
        context.Session.Leave();
        return FlowReply.Finished(context.Say("chama_founded", new
        {
            chama = founded.Chama.Name,
            code = founded.Chama.Code,
            seat = founded.Founder.Seat,
            awaiting = founded.Chama.AwaitsApproval,
        }));
    }
}
