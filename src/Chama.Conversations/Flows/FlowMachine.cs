using Chama.Conversations.Sessions;
using Stateless;

namespace Chama.Conversations.Flows;

/// <summary>Builds a flow's state machine over the session's persisted state, or over a local one to export the diagram.</summary>
internal static class FlowMachine
{
    public static StateMachine<TState, TTrigger> Create<TState, TTrigger>(FlowContext? context, TState initial)
        where TState : struct, Enum =>
        Create<TState, TTrigger>(context?.Session, initial);

    public static StateMachine<TState, TTrigger> Create<TState, TTrigger>(ConversationSession? session, TState initial)
        where TState : struct, Enum
    {
        if (session is not null)
        {
            return new StateMachine<TState, TTrigger>(() => session.StateOr(initial), session.SetState);
        }

        var state = initial;
        return new StateMachine<TState, TTrigger>(() => state, s => state = s);
    }
}
