namespace Chama.Bot.Tests.Cli;

/// <summary>A chama in any ISO 4217 currency, and members with phones of any country, set up from the command line.</summary>
public sealed class CurrencyCliTests : IDisposable
{
    private readonly CliDatabase cli = new();

    public void Dispose() => cli.Dispose();

    [Theory]
    [InlineData("usd", "1,250.50", "USD", 125_050L, "Created chama DALLAS (Dallas Club): USD 1,250.50 monthly, late fine USD 0.00")]
    [InlineData("GBP", "50", "GBP", 5_000L, "Created chama DALLAS (Dallas Club): GBP 50.00 monthly, late fine GBP 0.00")]
    [InlineData("UGX", "50,000", "UGX", 50_000L, "Created chama DALLAS (Dallas Club): UGX 50,000 monthly, late fine UGX 0")]
    [InlineData("KWD", "12.250", "KWD", 12_250L, "Created chama DALLAS (Dallas Club): KWD 12.250 monthly")]
    public async Task A_chama_keeps_its_amounts_in_the_currency_it_is_created_with(string currency, string contribution, string stored, long minor, string printed)
    {
        var result = await cli.RunAsync("chama", "create", "--name", "Dallas Club", "--code", "DALLAS", "--currency", currency, "--contribution", contribution);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(printed, result.Output, StringComparison.Ordinal);
        Assert.Equal((stored, minor), Assert.Single(await cli.QueryAsync<(string, long)>(
            "SELECT c.currency, k.contribution_minor FROM chamas c JOIN constitutions k ON k.chama_id = c.id;")));
    }

    [Fact]
    public async Task Without_a_currency_a_chama_keeps_shillings()
    {
        Assert.Equal(0, (await cli.RunAsync("chama", "create", "--name", "Umoja", "--code", "UMOJA", "--contribution", "10000")).ExitCode);

        Assert.Equal("KES", Assert.Single(await cli.QueryAsync<string>("SELECT currency FROM chamas;")));
    }

    [Theory]
    [InlineData("UGX", "12.5", "--contribution '12.5' is not an amount of UGX: give one such as 10000.")]
    [InlineData("USD", "12.505", "--contribution '12.505' is not an amount of USD: give one such as 10000.00.")]
    [InlineData("GBP", "KES 50", "--contribution 'KES 50' is not an amount of GBP")]
    [InlineData("XXX", "50", "'XXX' is not a currency")]
    [InlineData("pounds", "50", "'pounds' is not a currency")]
    public async Task An_amount_the_currency_cannot_hold_or_an_unknown_currency_is_refused_and_nothing_written(string currency, string contribution, string message)
    {
        await cli.RunAsync("chama", "create", "--name", "Harambee", "--code", "HARAMBEE", "--contribution", "500");
        var before = await cli.SnapshotAsync();

        var result = await cli.RunAsync("chama", "create", "--name", "Dallas Club", "--code", "DALLAS", "--currency", currency, "--contribution", contribution);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await cli.SnapshotAsync());
    }

    [Fact]
    public async Task Members_in_London_Dallas_and_Kampala_are_added_with_their_numbers_in_E164()
    {
        await cli.RunAsync("chama", "create", "--name", "Diaspora", "--code", "DIASPORA", "--currency", "GBP", "--contribution", "50");

        var london = await cli.RunAsync("member", "add", "--chama", "DIASPORA", "--name", "Achieng Otieno", "--phone", "+44 7911 123456", "--seat", "1");
        var dallas = await cli.RunAsync("member", "add", "--chama", "DIASPORA", "--name", "Brian Mutua", "--phone", "+1 (214) 748-3647", "--seat", "2", "--receive-phone", "0722 000 009");
        var kampala = await cli.RunAsync("member", "add", "--chama", "DIASPORA", "--name", "Nakato Sarah", "--phone", "00256 772 123456", "--seat", "3");

        Assert.Equal((0, 0, 0), (london.ExitCode, dallas.ExitCode, kampala.ExitCode));
        Assert.Contains("Added Achieng Otieno to DIASPORA on seat 1: +447911123456", london.Output, StringComparison.Ordinal);
        Assert.Equal(
            [("+447911123456", "+447911123456"), ("+12147483647", "+254722000009"), ("+256772123456", "+256772123456")],
            await cli.QueryAsync<(string, string)>("SELECT phone, receive_phone FROM members ORDER BY seat;"));
    }
}
