using Chama.Conversations.Commands.Chat;
using Chama.Conversations.Flows;
using Chama.Conversations.Phones;
using Chama.Conversations.Sessions;
using Chama.Core;
using Chama.Data.Conversations;
using Microsoft.Extensions.Logging;

namespace Chama.Conversations;

/// <summary>
/// Runs one inbound message through the member's conversation: identifies the phone, restores the session, routes the
/// input to a command (<see cref="Keywords"/>), the current flow or the main menu, and persists the session before answering. Knows nothing of
/// HTTP or of any provider.
/// </summary>
public sealed partial class ConversationEngine
{
    /// <summary>An idle WhatsApp conversation starts afresh after this long.</summary>
    public static readonly TimeSpan WhatsAppIdleTimeout = TimeSpan.FromMinutes(10);

    private readonly ConversationServices services;
    private readonly SessionStore sessions;
    private readonly InboundMessageLog messages;
    private readonly ILogger<ConversationEngine> logger;

    public ConversationEngine(ConversationServices services, SessionStore sessions, InboundMessageLog messages, ILogger<ConversationEngine> logger)
    {
        this.services = services;
        this.sessions = sessions;
        this.messages = messages;
        this.logger = logger;
    }

    public Task<Reply> HandleAsync(Inbound inbound, CancellationToken cancellationToken = default) => HandleAsync(inbound, answering: null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="inbound"/>; with <paramref name="answering"/> (the provider message it came in, already claimed),
    /// the reply is kept for that message's retries in the same commit as the session.
    /// </summary>
    public async Task<Reply> HandleAsync(Inbound inbound, ClaimedInbound? answering, CancellationToken cancellationToken = default)
    {
        var now = services.Clock.GetUtcNow();
        var step = StepWrites.Begin();
        var (found, memberships) = await sessions.FindWithMembershipsAsync(inbound.ChannelName, inbound.SessionKey, inbound.Phone, cancellationToken);
        var stored = found is not null && !Expired(found, inbound.Channel, now)
            ? found
            : new StoredSession { Channel = inbound.ChannelName, SessionKey = inbound.SessionKey, Phone = inbound.Phone.E164 };
        var session = new ConversationSession(stored);
        string input;
        if (inbound.Channel == Channel.Ussd)
        {
            // The gateway repeats a hop it got no answer to: answer it the same, without acting again.
            if (stored.LastReply is not null && UssdInput.SameAs(stored.LastInput, inbound.Text))
            {
                return new Reply(stored.LastReply, stored.LastReplyEnds);
            }

            // From here on the session's input is known only with its PIN steps hidden: that is what is kept in the
            // session row and what step keys are made of. A step key also names the phone, so that a sessionId re-posted
            // from another phone can never meet the keys of the phone the session belongs to.
            var (latest, kept) = UssdInput.Read(stored.LastInput, inbound.Text, secret: session.TakeSecretExpected());
            inbound = inbound with { Text = kept, MessageId = $"{inbound.SessionKey}:{inbound.Phone.E164}:{kept}" };
            input = latest.Trim();
        }
        else
        {
            if (now - DateTimeOffset.FromUnixTimeMilliseconds(stored.UpdatedAt) > WhatsAppIdleTimeout)
            {
                session.Leave();
                session.MemberId = null;
            }

            input = inbound.Text.Trim();
        }

        Reply reply;
        try
        {
            reply = await RespondAsync(inbound, session, input, memberships);
        }
        catch (ChamaException refused)
        {
            LogRefused(inbound.Phone.Masked, refused.Error, refused.Message);
            session.Leave();
            reply = new Reply(services.Texts.Render(Language.En, "error", ussd: inbound.Channel == Channel.Ussd), EndsSession: true);
        }

        if (memberships.Count == 0)
        {
            // A phone that is no member's gets its answer and leaves nothing behind: strangers cannot grow the database.
            if (answering is not null)
            {
                await messages.AnswerAsync(answering, reply.Text, step.SessionDurability, cancellationToken);
            }

            return reply;
        }

        stored.LastInput = inbound.Text;
        stored.LastReply = reply.Text;
        stored.LastReplyEnds = reply.EndsSession;
        stored.UpdatedAt = now.ToUnixTimeMilliseconds();
        // A step that wrote nothing else (a menu, a balance) does not wait on the disk for its session: lost in a power cut,
        // the member asks again. A step that changed anything keeps its session as durably as that change.
        await sessions.SaveAsync(session.ToStored(), step.SessionDurability, answering, cancellationToken);
        return reply;
    }

    /// <summary>A session older than its channel's lifetime is over: a hop that finds one starts afresh.</summary>
    private static bool Expired(StoredSession session, Channel channel, DateTimeOffset now) =>
        now - DateTimeOffset.FromUnixTimeMilliseconds(session.UpdatedAt) > SessionLifetime(channel);

    /// <summary>
    /// How long a channel's conversation state lives: Africa's Talking ends a USSD session after 180 s; WhatsApp state
    /// is kept a day (the conversation itself starts afresh after <see cref="WhatsAppIdleTimeout"/>). Older sessions are
    /// never read and are purged.
    /// </summary>
    public static TimeSpan SessionLifetime(Channel channel) => channel == Channel.Ussd ? UssdSessionLifetime : WhatsAppStateLifetime;

    public static readonly TimeSpan UssdSessionLifetime = TimeSpan.FromSeconds(180);

    public static readonly TimeSpan WhatsAppStateLifetime = TimeSpan.FromDays(1);

    private async Task<Reply> RespondAsync(Inbound inbound, ConversationSession session, string input, IReadOnlyList<Member> memberships)
    {
        var ussd = inbound.Channel == Channel.Ussd;
        if (await AnswerAsPhoneAsync(new PhoneContext(inbound, session, memberships, services), input) is { } asPhone)
        {
            return asPhone;
        }

        if (memberships.Count == 0)
        {
            LogUnknownPhone(inbound.Phone.Masked);
            session.Leave();
            return new Reply(services.Texts.Render(Language.En, "not_member", new { phone = inbound.Phone.E164 }, ussd), EndsSession: true);
        }

        var member = memberships.FirstOrDefault(m => m.Id == session.MemberId) ?? (memberships.Count == 1 ? memberships[0] : null);
        if (member is null)
        {
            if (ChooseChamaFlow.Choose(session, memberships, input) is { } chosen)
            {
                session.MemberId = chosen.Id;
                session.Leave();
                return Menu(Context(inbound, session, chosen, await ChamaOf(chosen), memberships), "");
            }

            session.Enter(ChooseChamaFlow.Name);
            return new Reply(await ChooseChamaFlow.PromptAsync(services, memberships, ussd), EndsSession: false);
        }

        session.MemberId = member.Id;
        var context = Context(inbound, session, member, await ChamaOf(member), memberships);
        if (context.Chama.AwaitsApproval)
        {
            // Nothing is done in a chama the operator has not yet approved (Onboarding:RequireApproval).
            session.Leave();
            return Finish(context, context.Say("chama_awaiting", new { chama = context.Chama.Name }));
        }

        if (Keywords.Read(input, inbound.Channel) is { } command && command.Command.AppliesTo(context))
        {
            // A command is understood on every step, and leaves whatever flow the member was in.
            session.Leave();
            return Answer(context, await command.RunAsync(context));
        }

        if (ChatFlows.Find(session.Flow) is { } flow)
        {
            return Answer(context, await flow.ContinueAsync(context, input));
        }

        return Answer(context, await MainMenu.ChooseAsync(context, input));
    }

    /// <summary>
    /// What any phone may do, member or not, comes first: a phone command (it leaves whatever flow the member was in),
    /// then a phone flow that claims the message. Null when the message is neither.
    /// </summary>
    private static async Task<Reply?> AnswerAsPhoneAsync(PhoneContext context, string input)
    {
        if (PhoneCommands.Read(input, context.Inbound.Channel) is { } command)
        {
            context.Session.Leave();
            return AsReply(await command.RunAsync(context));
        }

        foreach (var flow in PhoneCommands.Flows)
        {
            if (await flow.TryAnswerAsync(context, input) is { } answer)
            {
                return AsReply(answer);
            }
        }

        return null;

        static Reply AsReply(FlowReply reply) => new(reply.Text, EndsSession: reply.End != FlowEnd.Continue);
    }

    private static Reply Answer(FlowContext context, FlowReply reply)
    {
        switch (reply.End)
        {
            case FlowEnd.Continue:
                return new Reply(reply.Text, EndsSession: false);
            case FlowEnd.ToMenu:
                context.Session.Leave();
                return Menu(context, reply.Text);
            case FlowEnd.Finished:
            default:
                context.Session.Leave();
                return Finish(context, reply.Text);
        }
    }

    /// <summary>USSD ends the session on a final screen; WhatsApp says how to get the menu back.</summary>
    private static Reply Finish(FlowContext context, string text) =>
        context.IsUssd ? new Reply(text, EndsSession: true) : new Reply($"{text}\n\n{context.Say("whatsapp_footer")}", EndsSession: true);

    private static Reply Menu(FlowContext context, string hint) => new(MainMenu.Render(context, hint), EndsSession: false);

    private FlowContext Context(Inbound inbound, ConversationSession session, Member member, ChamaGroup chama, IReadOnlyList<Member> memberships) =>
        new(inbound, session, member, chama, services) { Memberships = memberships };

    private async Task<ChamaGroup> ChamaOf(Member member) =>
        await services.Chamas.FindChamaAsync(member.ChamaId) ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {member.ChamaId}.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Message from unregistered phone {Phone}")]
    private partial void LogUnknownPhone(string phone);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request from {Phone} refused: {Error} {Reason}")]
    private partial void LogRefused(string phone, ChamaError error, string reason);
}
