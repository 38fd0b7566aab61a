namespace Chama.Conversations.Flows;

/// <summary>The conversations of several steps, by the name a session keeps while in one.</summary>
public static class ChatFlows
{
    public static readonly PayFlow Pay = new();

    public static readonly WelfareFlow Welfare = new();

    public static readonly ApprovalsFlow Approvals = new();

    public static readonly RecordFlow Record = new();

    public static readonly LoanFlow Loan = new();

    /// <summary>In menu order.</summary>
    public static IReadOnlyList<IFlow> All { get; } = [Pay, Welfare, Approvals, Record, Loan];

    /// <summary>The flow a session is in, or null when it is in none (or in one that no longer exists).</summary>
    public static IFlow? Find(string? name) => All.FirstOrDefault(flow => flow.Name == name);
}
