namespace Chama.Conversations.Flows;

/// <summary>A conversation of several steps (pay, welfare, approvals), driven by its own Stateless machine over the session.</summary>
public interface IFlow
{
    string Name { get; }

    /// <summary>The member chose this flow from the menu or by keyword.</summary>
    Task<FlowReply> StartAsync(FlowContext context);

    /// <summary>The member answered the flow's last prompt.</summary>
    Task<FlowReply> ContinueAsync(FlowContext context, string input);

    /// <summary>The flow's state machine in DOT, for <c>docs/flows/</c>.</summary>
    string ToDotGraph();
}
