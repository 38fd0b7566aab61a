using Chama.Bot.Notifications;
using Chama.Core;
using Chama.Data.Outbox;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chama.Bot.Tests.Notifications;

/// <summary>
/// The bot with Twilio configured and its API pointed at a <see cref="FakeTwilio"/>, the fake clock, and backoff that
/// always waits its longest (so each retry's time is known). Tests drive the sender's passes themselves.
/// </summary>
public sealed class NotifyHost : BotFactory
{
    public const string WhatsAppFrom = "+14155550100";
    public const string SmsFrom = "+15005550006";

    public NotifyHost(FakeTwilio twilio, string? folder = null) : base(folder)
    {
        Configure(twilio);
    }

    /// <summary>A host on <paramref name="storage"/>, which other hosts may share.</summary>
    public NotifyHost(FakeTwilio twilio, TestStorage storage) : base(storage)
    {
        Configure(twilio);
    }

    public Task SendAsync(CancellationToken cancellationToken = default) => Get<OutboxSender>().RunOnceAsync(cancellationToken);

    private void Configure(FakeTwilio twilio)
    {
        With("Twilio:AccountSid", FakeTwilio.AccountSid);
        With("Twilio:WhatsAppFrom", WhatsAppFrom);
        With("Twilio:SmsFrom", SmsFrom);
        With("Twilio:ApiBaseUrl", twilio.BaseUrl);
        WithServices(services => services.AddSingleton(sp => new Backoff(sp.GetRequiredService<IOptionsMonitor<NotificationOptions>>(), () => 1.0)));
    }

    /// <summary>Queues a message as a receipt would be; returns its outbox id.</summary>
    public async Task<long> QueueAsync(Member member, string key, string body, string? template = null, string? variables = null)
    {
        Assert.True(await Get<Outbox>().EnqueueAsync(new OutboundMessage(key, member.ChamaId, member.Id, member.Phone, body, template, variables)));
        return (await Get<Outbox>().ListForPhoneAsync(member.Phone)).Single(m => m.IdempotencyKey == key).Id;
    }

    public async Task<string> StatusOfAsync(long messageId)
    {
        await using var connection = Storage.Connect();
        return await connection.ExecuteScalarAsync<string>("SELECT status FROM outbound_messages WHERE id = @messageId;", new { messageId }) ?? "";
    }

    /// <summary>Each recorded attempt: its outcome, the wait before the next (ms), Twilio's error code and MessageSid.</summary>
    public async Task<IReadOnlyList<(string Outcome, long? WaitMs, long? ErrorCode, string? MessageSid)>> AttemptsAsync(long messageId)
    {
        await using var connection = Storage.Connect();
        return (await connection.QueryAsync<(string, long?, long?, string?)>(
            "SELECT outcome, retry_at - at, error_code, message_sid FROM outbound_attempts WHERE message_id = @messageId ORDER BY attempt;", new { messageId })).ToList();
    }
}
