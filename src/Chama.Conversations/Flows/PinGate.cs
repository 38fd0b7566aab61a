using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Outbox;

namespace Chama.Conversations.Flows;

/// <summary>
/// The last screen of an officer's decision on USSD, or of a payment they record there (<c>record</c> names it): the officer's PIN (<see cref="OfficerPin"/>), or, on first use, a new
/// one chosen and typed twice. Every prompt marks its answer as secret, so the engine keeps it hidden wherever the
/// session's input is kept. Three wrong PINs in a row lock the officer's USSD decisions, and the other officers are told;
/// only a reset on the dashboard unlocks. The gate's step is kept in the session; the PIN never is.
/// </summary>
internal static class PinGate
{
    private const string StepKey = "pin_step";
    private const string Enter = "enter";
    private const string Choose = "choose";
    private const string Repeat = "repeat";

    /// <summary>Asks for the PIN (or a new one), or says the PIN is locked.</summary>
    public static async Task<FlowReply> AskAsync(FlowContext context, string code, bool approve, string record = "")
    {
        var pin = await context.Services.Pins.FindAsync(context.Member.Id);
        if (pin is { Locked: true })
        {
            return FlowReply.Finished(context.Say("pin_locked"));
        }

        return pin is { Confirmed: true } ? Prompt(context, Enter, "", code, approve, record) : Prompt(context, Choose, "", code, approve, record);
    }

    /// <summary>Reads an answer to the gate's prompt: null when the officer is authorised, else the next screen.</summary>
    public static async Task<FlowReply?> AnswerAsync(FlowContext context, string input, string code, bool approve, string record = "")
    {
        var pins = context.Services.Pins;
        var officer = context.Member;
        var pin = await pins.FindAsync(officer.Id);
        switch (context.Session.Get(StepKey))
        {
            case Enter when pin is { Confirmed: true }:
                if (pin.Locked)
                {
                    return FlowReply.Finished(context.Say("pin_locked"));
                }

                if (OfficerPin.IsWellFormed(input) && OfficerPin.Verify(input, pin.PinHash))
                {
                    return await pins.RecordRightAsync(officer.Id) ? null : FlowReply.Finished(context.Say("pin_locked"));
                }

                var (tries, locked) = await pins.RecordWrongAsync(officer, context.Inbound.ChannelName, await LockNoticesAsync(context));
                return locked
                    ? FlowReply.Finished(context.Say("pin_locked"))
                    : Prompt(context, Enter, context.Say("pin_wrong", new { left = OfficerPin.MaxTries - tries }), code, approve, record);
            case Choose when pin is not { Confirmed: true }:
                if (!OfficerPin.IsWellFormed(input))
                {
                    return Prompt(context, Choose, context.Say("pin_invalid"), code, approve, record);
                }

                if (OfficerPin.IsWeak(input, officer))
                {
                    return Prompt(context, Choose, context.Say("pin_weak"), code, approve, record);
                }

                // False only when a PIN came into force meanwhile (set on the dashboard): then that one is asked for.
                return await pins.ChooseAsync(officer.Id, OfficerPin.Hash(input))
                    ? Prompt(context, Repeat, "", code, approve, record)
                    : Prompt(context, Enter, "", code, approve, record);
            case Repeat when pin is { Confirmed: false }:
                return OfficerPin.Verify(input, pin.PinHash) && await pins.ConfirmAsync(officer, context.Inbound.ChannelName)
                    ? null
                    : Prompt(context, Choose, context.Say("pin_mismatch"), code, approve, record);
            default:
                // The PIN changed under this session (set or reset elsewhere): ask afresh.
                return await AskAsync(context, code, approve, record);
        }
    }

    private static FlowReply Prompt(FlowContext context, string step, string hint, string code, bool approve, string record)
    {
        context.Session.Set(StepKey, step);
        context.Session.ExpectSecret();
        var prompt = step switch
        {
            Enter => context.Say("pin_enter", new { code, approve, record }),
            Choose => context.Say("pin_choose"),
            _ => context.Say("pin_repeat"),
        };
        return FlowReply.Continue(hint.Length > 0 ? $"{hint}\n{prompt}" : prompt);
    }

    /// <summary>Every other officer is told of a lock, in their language: it may mean someone else holds the phone.</summary>
    private static async Task<IEnumerable<OutboundMessage>> LockNoticesAsync(FlowContext context)
    {
        var at = context.Services.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var officers = (await context.Services.Chamas.GetMembersAsync(context.Chama.Id))
            .Where(m => m.IsOfficer && m.Active && m.Id != context.Member.Id);
        return officers.Select(o => Notice(context.Services.Texts, context.Chama.Name, context.Member, o, at)).ToList();
    }

    private static OutboundMessage Notice(MessageTexts texts, string chama, Member locked, Member to, long at) =>
        new($"pin-locked:{locked.Id}:{at}:{to.Id}", to.ChamaId, to.Id, to.Phone, texts.Render(to.Language, "pin_locked_notice", new { chama, name = locked.Name }));
}
