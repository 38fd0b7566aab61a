namespace Chama.Bot.Tests.Cli;

/// <summary>Names given on the command line go through the same normaliser as chat and dashboard input.</summary>
public sealed class CleanTextTests : IDisposable
{
    private readonly CliDatabase cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Chama_and_member_names_are_stored_without_control_or_bidi_characters()
    {
        Assert.Equal(0, (await cli.RunAsync("chama", "create", "--name", "Umoja\u202E Club\u0007", "--code", "UMOJA", "--contribution", "10000")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("member", "add", "--chama", "UMOJA", "--name", "Grace \u2066Wanjiku\u2069\u200F", "--phone", "0712000001", "--seat", "1")).ExitCode);

        Assert.Equal("Umoja Club", Assert.Single(await cli.QueryAsync<string>("SELECT name FROM chamas;")));
        Assert.Equal("Grace Wanjiku", Assert.Single(await cli.QueryAsync<string>("SELECT name FROM members;")));
    }
}
