using Chama.Conversations.Flows;

namespace Chama.Conversations.Commands.Chat;

/// <summary>A keyword that starts a flow of several steps, as its number on the main menu does.</summary>
public abstract class StartFlowCommand(IFlow flow) : PlainCommand
{
    public override string Name => flow.Name;

    public override Task<FlowReply> RunAsync(FlowContext context) => StartAsync(context, flow);

    /// <summary>Enters the flow with a clean slate and shows its first screen.</summary>
    public static Task<FlowReply> StartAsync(FlowContext context, IFlow flow)
    {
        context.Session.Enter(flow.Name);
        return flow.StartAsync(context);
    }
}
