using Chama.Conversations.Flows;

namespace Chama.Conversations.Tests;

/// <summary>
/// Each flow's diagram in <c>docs/flows/</c> is exported from its state machine. When a flow changes, this fails until the
/// diagrams are exported again: run the tests with <c>UPDATE_FLOW_DIAGRAMS=1</c>.
/// </summary>
public class FlowDiagramTests
{
    public static TheoryData<string> Flows() => [.. Names];

    /// <summary>Every machine: the flows a session can be in, and the choice of chama.</summary>
    private static IEnumerable<string> Names => ChatFlows.All.Select(f => f.Name).Append(ChooseChamaFlow.Name);

    [Theory]
    [MemberData(nameof(Flows))]
    public void The_exported_diagram_matches_the_flow(string name)
    {
        var dot = name == ChooseChamaFlow.Name ? ChooseChamaFlow.ToDotGraph() : ChatFlows.Find(name)!.ToDotGraph();
        var path = Path.Combine(RepositoryRoot(), "docs", "flows", $"{name}.dot");
        if (Environment.GetEnvironmentVariable("UPDATE_FLOW_DIAGRAMS") == "1")
        {
            File.WriteAllText(path, dot);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the tests with UPDATE_FLOW_DIAGRAMS=1.");
        Assert.Equal(dot, File.ReadAllText(path));
    }

    [Fact]
    public void Every_diagram_is_of_a_machine_that_exists()
    {
        var diagrams = Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "flows"), "*.dot").Select(Path.GetFileNameWithoutExtension);

        Assert.Equal(Names.Order(), diagrams.Order());
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Chama.Bot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Chama.Bot.sln not found above the test folder.");
    }
}
