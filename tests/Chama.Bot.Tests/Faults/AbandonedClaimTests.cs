using Chama.Data.Conversations;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Chama.Bot.Tests.Faults;

/// <summary>A host that died between claiming a WhatsApp MessageSid and keeping its answer: Twilio's retry is answered.</summary>
public sealed class AbandonedClaimTests : IDisposable
{
    private readonly BotFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_claim_left_unanswered_by_a_dead_host_is_taken_over_by_a_retry_once_abandoned()
    {
        var demo = await Demo.LoadAsync(factory);
        var channels = new Channels(factory.CreateClient());
        const string messageSid = "SM0000000000000000000000000000dead";
        await using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath}"))
        {
            await connection.ExecuteAsync(
                "INSERT INTO inbound_messages (provider, message_id, received_at) VALUES ('twilio', @messageSid, @now);",
                new { messageSid, now = factory.Clock.GetUtcNow().ToUnixTimeMilliseconds() });
        }

        // While the claim may still be being answered, a retry is told nothing, so the bot never acts twice.
        Assert.Equal("", await channels.WhatsAppAsync(demo.Samuel.Phone.E164, "BALANCE", messageSid));

        factory.Clock.Advance(InboundMessageLog.AbandonedAfter);
        var reply = await channels.WhatsAppAsync(demo.Samuel.Phone.E164, "BALANCE", messageSid);

        Assert.Contains("KES", reply, StringComparison.Ordinal);
        Assert.Equal(reply, await channels.WhatsAppAsync(demo.Samuel.Phone.E164, "BALANCE", messageSid));
    }
}
