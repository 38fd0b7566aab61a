using Stateless;

namespace Chama.Conversations.Flows;

/// <summary>Builds a flow's state machine over the session's persisted state, or over a local one to export the diagram.</summary>
internal static class FlowMachine
{
    public static StateMachine<TState, TTrigger> Create<TState, TTrigger>(FlowContext? context, TState initial)
        where TState : struct, Enum
    {
        if (context is not null)
        {
            return new StateMachine<TState, TTrigger>(() => context.Session.StateOr(initial), context.Session.SetState);
        }

        var state = initial;
        return new StateMachine<TState, TTrigger>(() => state, s => state = s);
    }
}
