using Stateless;
using Stateless.Graph;

namespace Chama.Conversations.Flows;

/// <summary>
/// The skeleton every flow of several steps shares. The machine runs over the session's persisted state
/// (<see cref="FlowMachine"/>), so a conversation picks up where the last message left it. Each step:
/// <list type="number">
/// <item><c>0</c> fires the flow's Back trigger (which carries nothing: a PIN screen does not read it as a PIN), or returns
/// to the main menu where the state has no way back;</item>
/// <item>otherwise the member's answer is read (<see cref="ReadAsync"/>: the text, and whatever the guards need from the
/// database) and offered as the parameter of each trigger in turn; the first the state permits with it (its
/// <c>PermitIf</c> guard) fires;</item>
/// <item>entering a state stores what the answer carried (<c>OnEntryFrom</c>), acts (queues a payment, records a decision)
/// and sets the next screen (<c>OnEntry</c>);</item>
/// <item>an answer no trigger takes is answered by <see cref="NotUnderstoodAsync"/>, and nothing moves.</item>
/// </list>
/// </summary>
public abstract class ConversationFlow<TState, TTrigger, TAnswer> : IFlow
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    public abstract string Name { get; }

    /// <summary>The state a flow starts in, and that an unknown or missing persisted state is read as.</summary>
    protected abstract TState First { get; }

    /// <summary>The trigger <c>0</c> fires.</summary>
    protected abstract TTrigger Back { get; }

    public virtual async Task<FlowReply> StartAsync(FlowContext context)
    {
        context.Session.SetState(First);
        return await PromptAsync(context, First, "");
    }

    public virtual async Task<FlowReply> ContinueAsync(FlowContext context, string input)
    {
        var machine = new Machine(this, context);
        var state = machine.States.State;
        if (Input.Is(input, Input.Back))
        {
            return await machine.TryGoBackAsync() ?? FlowReply.ToMenu();
        }

        // A state's guards exclude one another, so the order the triggers are offered in decides nothing.
        var answer = await ReadAsync(context, state, input);
        foreach (var trigger in Enum.GetValues<TTrigger>().Where(t => !t.Equals(Back)))
        {
            if (await machine.TryFireAsync(trigger, answer) is { } reply)
            {
                return reply;
            }
        }

        return await NotUnderstoodAsync(context, state, answer);
    }

    public string ToDotGraph() => UmlDotGraph.Format(new Machine(this, null).States.GetInfo());

    /// <summary>The member's answer as the triggers carry it: the text, with what the current state's guards need to judge it.</summary>
    protected abstract Task<TAnswer> ReadAsync(FlowContext context, TState state, string input);

    /// <summary>Configures the machine's states. With no step (the diagram) no action ever runs.</summary>
    protected abstract void Configure(Machine machine);

    /// <summary>The screen of a state that asks something, under a hint when there is one.</summary>
    protected abstract Task<FlowReply> PromptAsync(FlowContext context, TState state, string hint);

    /// <summary>An answer no trigger of the state takes: by default the state's screen again, under a hint.</summary>
    protected virtual Task<FlowReply> NotUnderstoodAsync(FlowContext context, TState state, TAnswer answer) =>
        PromptAsync(context, state, context.Say("hint_unknown"));

    /// <summary>
    /// One step's machine: the states over the session, every trigger carrying the member's answer as its parameter, and
    /// the reply the entry actions set.
    /// </summary>
    protected sealed class Machine
    {
        private readonly Dictionary<TTrigger, StateMachine<TState, TTrigger>.TriggerWithParameters<TAnswer>> triggers = [];
        private readonly FlowContext? context;
        private readonly ConversationFlow<TState, TTrigger, TAnswer> flow;

        public Machine(ConversationFlow<TState, TTrigger, TAnswer> flow, FlowContext? context)
        {
            this.flow = flow;
            this.context = context;
            States = FlowMachine.Create<TState, TTrigger>(context, flow.First);
            foreach (var trigger in Enum.GetValues<TTrigger>().Where(t => !t.Equals(flow.Back)))
            {
                triggers[trigger] = States.SetTriggerParameters<TAnswer>(trigger);
            }

            flow.Configure(this);
        }

        public StateMachine<TState, TTrigger> States { get; }

        /// <summary>The context of the step; only actions and guards read it, and they never run for a diagram.</summary>
        public FlowContext Context => context ?? throw new InvalidOperationException("A diagram's machine takes no step.");

        /// <summary>The screen the step answers with, set by the entry action of the state it ends in.</summary>
        public FlowReply? Reply { get; set; }

        /// <summary>The trigger carrying the member's answer (every trigger but Back, which carries nothing).</summary>
        public StateMachine<TState, TTrigger>.TriggerWithParameters<TAnswer> this[TTrigger trigger] => triggers[trigger];

        /// <summary>Sets the reply to the state's screen on entry.</summary>
        public Func<Task> Prompt(TState state) => async () => Reply = await flow.PromptAsync(Context, state, "");

        /// <summary>Fires the trigger when the state permits it with this answer: the reply its entry set, or null.</summary>
        public async Task<FlowReply?> TryFireAsync(TTrigger trigger, TAnswer answer)
        {
            if (!States.CanFire(this[trigger], answer))
            {
                return null;
            }

            await States.FireAsync(this[trigger], answer);
            return Screen();
        }

        /// <summary>Goes back a step when the state has a way back: the reply of the state gone back to, or null.</summary>
        public async Task<FlowReply?> TryGoBackAsync()
        {
            if (!States.CanFire(flow.Back))
            {
                return null;
            }

            await States.FireAsync(flow.Back);
            return Screen();
        }

        private FlowReply Screen() => Reply ?? throw new InvalidOperationException($"{flow.Name}: entering {States.State} set no screen.");
    }
}
