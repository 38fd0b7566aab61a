using Chama.Conversations.Sessions;
using Chama.Core;
using Stateless;
using Stateless.Graph;

namespace Chama.Conversations.Flows;

/// <summary>
/// A member of several chamas chooses which one this conversation is about; the choice lasts the session. It runs before
/// the conversation knows which member is talking, so it has its own small machine rather than a flow's skeleton.
/// </summary>
public static class ChooseChamaFlow
{
    public const string Name = "choose";

    private enum State
    {
        Choosing,
        Chosen,
    }

    private enum Trigger
    {
        Choose,
    }

    /// <summary>The membership the answer to the list picks, kept as the session's member; null when it picks none.</summary>
    public static Member? Choose(ConversationSession session, IReadOnlyList<Member> memberships, string input)
    {
        if (session.Flow != Name)
        {
            return null;
        }

        Member? chosen = null;
        var (machine, choose) = Machine(session, memberships, member => chosen = member);
        if (machine.CanFire(choose, input))
        {
            machine.Fire(choose, input);
        }

        return chosen;
    }

    public static async Task<string> PromptAsync(ConversationServices services, IReadOnlyList<Member> memberships, bool ussd)
    {
        var chamas = new List<object>();
        foreach (var (membership, index) in memberships.Select((m, i) => (m, i)))
        {
            var chama = await services.Chamas.FindChamaAsync(membership.ChamaId);
            chamas.Add(new { number = index + 1, name = ussd && chama!.Name.Length > 24 ? chama.Name[..23] + "." : chama!.Name });
        }

        return services.Texts.Render(memberships[0].Language, "choose_chama", new { chamas }, ussd);
    }

    public static string ToDotGraph() => UmlDotGraph.Format(Machine(null, [], _ => { }).Machine.GetInfo());

    private static (StateMachine<State, Trigger> Machine, StateMachine<State, Trigger>.TriggerWithParameters<string> Choose) Machine(
        ConversationSession? session, IReadOnlyList<Member> memberships, Action<Member> chosen)
    {
        var machine = FlowMachine.Create<State, Trigger>(session, State.Choosing);
        var choose = machine.SetTriggerParameters<string>(Trigger.Choose);
        machine.Configure(State.Choosing)
            .PermitIf(choose, State.Chosen, input => Input.TryParseChoice(input, memberships.Count, out _), "a number on the list");
        machine.Configure(State.Chosen)
            .OnEntryFrom(choose, input => chosen(Picked(memberships, input)), "keep the chama's member");
        return (machine, choose);
    }

    private static Member Picked(IReadOnlyList<Member> memberships, string input) =>
        Input.TryParseChoice(input, memberships.Count, out var choice) ? memberships[choice - 1] : throw new ArgumentException("Not a choice on the list.", nameof(input));
}
