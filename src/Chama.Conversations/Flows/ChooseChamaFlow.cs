using Chama.Core;
using Stateless.Graph;

namespace Chama.Conversations.Flows;

/// <summary>A member of several chamas chooses which one this conversation is about; the choice lasts the session.</summary>
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

    /// <summary>The membership picked by <paramref name="input"/>, or null when it picks none.</summary>
    public static Member? Choose(IReadOnlyList<Member> memberships, string input) =>
        Input.TryParseChoice(input, memberships.Count, out var choice) ? memberships[choice - 1] : null;

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

    public static string ToDotGraph()
    {
        var machine = FlowMachine.Create<State, Trigger>(null, State.Choosing);
        machine.Configure(State.Choosing).Permit(Trigger.Choose, State.Chosen);
        return UmlDotGraph.Format(machine.GetInfo());
    }
}
