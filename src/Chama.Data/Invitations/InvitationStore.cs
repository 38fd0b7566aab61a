using System.Data.Common;
using Chama.Core;
using Chama.Core.Invitations;
using Chama.Data.Chamas;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.Invitations;

/// <summary>
/// Invitations with consent: an officer invites a phone to a seat; the invitee is messaged once through the outbox, in
/// the transaction that records the invitation; the phone becomes a member only when it accepts from that phone.
/// Nobody is charged anything: accepting makes a member, never a payment request. The database holds that a phone is
/// messaged once per chama unless it answers, that a seat has one invitation waiting, and that a retried request
/// (the same <c>requestKey</c>) is the invitation it made the first time.
/// </summary>
public sealed class InvitationStore(IDatabase database, TimeProvider clock)
{
    /// <summary>
    /// Invites <paramref name="request"/>'s phone to its seat on behalf of <paramref name="inviter"/>, queueing
    /// <paramref name="message"/> to the invitee in the same transaction (under the key <c>invitation:&lt;id&gt;</c>).
    /// A request already made under <paramref name="requestKey"/> returns that invitation, changing and sending nothing.
    /// Refusals are <see cref="ChamaException"/>s (<see cref="InvitationRules"/>) and change nothing.
    /// </summary>
    public Task<InvitationResult> InviteAsync(
        Member inviter,
        InvitationRequest request,
        string requestKey,
        string channel,
        Func<InvitationResult, OutboundMessage> message,
        CancellationToken cancellationToken = default)
    {
        var (phone, name) = request.Validate();
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, inviter.ChamaId);
                var chama = await ChamaAsync(transaction, inviter.ChamaId);
                var current = (await connection.QuerySingleOrDefaultAsync<MemberRow>(
                    $"{MemberRow.Select} WHERE id = @Id AND chama_id = @ChamaId;", new { inviter.Id, inviter.ChamaId }, transaction))?.ToMember()
                    ?? throw new ChamaException(ChamaError.UnknownMember, "There is no such member in this chama.");
                if (await connection.QuerySingleOrDefaultAsync<InvitationRow>(
                        $"{InvitationRow.Select} WHERE i.request_key = @requestKey;", new { requestKey }, transaction) is { } made)
                {
                    return new InvitationResult(made.ToInvitation(), chama, current, New: false);
                }

                InvitationRules.EnsureApproved(chama);
                await LapseDueAsync(transaction, chama.Id, now);
                var members = (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @Id;", new { chama.Id }, transaction))
                    .Select(r => r.ToMember()).ToList();
                var unaccepted = (await connection.QueryAsync<InvitationRow>(
                        $"{InvitationRow.Select} WHERE i.chama_id = @Id AND i.status <> 'Accepted';", new { chama.Id }, transaction))
                    .Select(r => r.ToInvitation()).ToList();
                InvitationRules.EnsureAllowed(current, phone, request.Seat, request.Roles, await FirstCycleStartedAsync(transaction, chama.Id), members, unaccepted);

                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO invitations (chama_id, phone, seat, roles, name, language, invited_by_member_id, request_key, status, created_at)
                    VALUES (@ChamaId, @Phone, @Seat, @Roles, @Name, @Language, @InvitedBy, @requestKey, 'Pending', @At) RETURNING id;
                    """,
                    new
                    {
                        ChamaId = chama.Id,
                        Phone = phone.E164,
                        request.Seat,
                        Roles = (long)request.Roles,
                        Name = name,
                        Language = request.Language.ToString(),
                        InvitedBy = current.Id,
                        requestKey,
                        At = now.ToUnixTimeMilliseconds(),
                    },
                    transaction);
                var invitation = new Invitation(id, chama.Id, phone, request.Seat, request.Roles, name, request.Language, current.Id, InvitationStatus.Pending, now, null, null);
                await EventAsync(transaction, id, "Invited", current.Id, channel, now);
                await Audit.RecordAsync(
                    transaction, chama.Id, Actor.Member(current.Id, channel), "invitation.sent", $"invitation:{id} phone:{phone.Masked} seat:{request.Seat} roles:{request.Roles}", now);
                var result = new InvitationResult(invitation, chama, current, New: true);
                await Outbox.Outbox.EnqueueAsync(transaction, message(result) with { IdempotencyKey = MessageKey(id) }, now);
                return result;
            },
            cancellationToken);
    }

    /// <summary>
    /// What inviting each of <paramref name="requests"/>, in order, would do now: null for a row that would be invited,
    /// else the refusal it would meet, counting the rows before it as invited (two rows for one seat: the second is
    /// refused). Nothing is written.
    /// </summary>
    public Task<IReadOnlyList<ChamaException?>> PreviewAsync(Member inviter, IReadOnlyList<InvitationRequest> requests, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.ReadAsync<IReadOnlyList<ChamaException?>>(
            async (connection, transaction) =>
            {
                var current = (await connection.QuerySingleOrDefaultAsync<MemberRow>(
                    $"{MemberRow.Select} WHERE id = @Id AND chama_id = @ChamaId;", new { inviter.Id, inviter.ChamaId }, transaction))?.ToMember()
                    ?? throw new ChamaException(ChamaError.UnknownMember, "There is no such member in this chama.");
                var members = (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @ChamaId;", new { inviter.ChamaId }, transaction))
                    .Select(r => r.ToMember()).ToList();
                var unaccepted = (await connection.QueryAsync<InvitationRow>(
                        $"{InvitationRow.Select} WHERE i.chama_id = @ChamaId AND i.status <> 'Accepted';", new { inviter.ChamaId }, transaction))
                    .Select(r => r.ToInvitation())
                    .Select(i => i.Status == InvitationStatus.Pending && !i.IsOpenAt(now) ? i with { Status = InvitationStatus.Lapsed } : i)
                    .ToList();
                InvitationRules.EnsureApproved(await ChamaAsync(transaction, inviter.ChamaId));
                var started = await FirstCycleStartedAsync(transaction, inviter.ChamaId);
                var outcomes = new List<ChamaException?>();
                foreach (var request in requests)
                {
                    try
                    {
                        var (phone, name) = request.Validate();
                        InvitationRules.EnsureAllowed(current, phone, request.Seat, request.Roles, started, members, unaccepted);
                        unaccepted.Add(new Invitation(0, inviter.ChamaId, phone, request.Seat, request.Roles, name, request.Language, current.Id, InvitationStatus.Pending, now, null, null));
                        outcomes.Add(null);
                    }
                    catch (ChamaException refused)
                    {
                        outcomes.Add(refused);
                    }
                }

                return outcomes;
            },
            cancellationToken);
    }

    /// <summary>The outbox key of an invitation's one message to its invitee.</summary>
    public static string MessageKey(long invitationId) => $"invitation:{invitationId}";

    /// <summary>
    /// <paramref name="phone"/> accepts the invitation of the chama coded <paramref name="chamaCode"/>: in one transaction
    /// the member is made on the seat, with the roles the chair named when the first cycle has not started
    /// (<see cref="InvitationRules.RolesOnAcceptance"/>), speaking <paramref name="language"/> (else the invitation's).
    /// The member is added as the operator's terminal adds one (no member actor): the invitee is nobody's member yet, and
    /// the roles were named by the chair while naming them was the chair's alone, checked again here against the cycles.
    /// A retried acceptance finds the member made and changes nothing.
    /// </summary>
    public Task<InvitationAnswer> AcceptAsync(
        PhoneNumber phone,
        string chamaCode,
        string channel,
        Language? language = null,
        Func<InvitationAnswer, IEnumerable<OutboundMessage>>? notices = null,
        string? answerKey = null,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(phone, chamaCode, channel, accept: true, language, notices, answerKey, cancellationToken);

    /// <summary><paramref name="phone"/> declines the invitation of the chama coded <paramref name="chamaCode"/>; it is not invited there again.</summary>
    public Task<InvitationAnswer> DeclineAsync(
        PhoneNumber phone,
        string chamaCode,
        string channel,
        Func<InvitationAnswer, IEnumerable<OutboundMessage>>? notices = null,
        string? answerKey = null,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(phone, chamaCode, channel, accept: false, language: null, notices, answerKey, cancellationToken);

    /// <summary>The invitation a step of a conversation answered (its <c>answerKey</c>), with its chama; null when that step answered none.</summary>
    public Task<OpenInvitation?> FindAnsweredAsync(string answerKey, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (connection, transaction) =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<ListedRow>(
                    $"""
                    SELECT {InvitationRow.Columns}, b.name AS invited_by_name, NULL AS member_name
                    FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id JOIN members b ON b.id = i.invited_by_member_id
                    WHERE e.answer_key = @answerKey;
                    """,
                    new { answerKey },
                    transaction);
                return row is null ? null : new OpenInvitation(row.ToInvitation(), await ChamaAsync(transaction, row.ChamaId), row.InvitedByName);
            },
            cancellationToken);

    private Task<InvitationAnswer> AnswerAsync(
        PhoneNumber phone,
        string chamaCode,
        string channel,
        bool accept,
        Language? language,
        Func<InvitationAnswer, IEnumerable<OutboundMessage>>? notices,
        string? answerKey,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var code = chamaCode.Trim().ToUpperInvariant();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var chama = (await connection.QuerySingleOrDefaultAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.code = @code;", new { code }, transaction))?.ToChama();
                if (chama is null)
                {
                    return new InvitationAnswer(AnswerOutcome.NoInvitation, null, null);
                }

                // Found by its code: the chama is entered before its invitation is read and answered.
                await WriteScope.EnterChamaAsync(transaction, chama.Id);

                // The latest invitation of this phone to this chama: only the phone invited can answer it.
                var invitation = (await connection.QueryFirstOrDefaultAsync<InvitationRow>(
                    $"{InvitationRow.Select} WHERE i.chama_id = @Id AND i.phone = @Phone ORDER BY i.id DESC;", new { chama.Id, Phone = phone.E164 }, transaction))?.ToInvitation();
                if (invitation is null)
                {
                    return new InvitationAnswer(AnswerOutcome.NoInvitation, null, chama);
                }

                var inviter = await MemberAsync(transaction, invitation.InvitedBy);
                switch (invitation.Status)
                {
                    case InvitationStatus.Accepted:
                        return new InvitationAnswer(accept ? AnswerOutcome.AlreadyAnswered : AnswerOutcome.AnsweredOtherwise, invitation, chama, await MemberAsync(transaction, invitation.MemberId!.Value), inviter);
                    case InvitationStatus.Declined:
                        return new InvitationAnswer(accept ? AnswerOutcome.AnsweredOtherwise : AnswerOutcome.AlreadyAnswered, invitation, chama, Inviter: inviter);
                    case InvitationStatus.Lapsed:
                        return new InvitationAnswer(AnswerOutcome.Lapsed, invitation, chama, Inviter: inviter);
                    default:
                        break;
                }

                if (!invitation.IsOpenAt(now))
                {
                    await LapseDueAsync(transaction, chama.Id, now);
                    return new InvitationAnswer(AnswerOutcome.Lapsed, invitation with { Status = InvitationStatus.Lapsed }, chama, Inviter: inviter);
                }

                InvitationAnswer answer;
                if (accept)
                {
                    var started = await FirstCycleStartedAsync(transaction, chama.Id);
                    var roles = InvitationRules.RolesOnAcceptance(invitation, started);
                    var member = await AddMemberAsync(transaction, invitation, roles, language ?? invitation.Language, channel, now);
                    await DecideAsync(transaction, invitation.Id, "Accepted", member.Id, now);
                    await EventAsync(transaction, invitation.Id, "Accepted", null, channel, now, answerKey);
                    answer = new InvitationAnswer(
                        AnswerOutcome.Accepted, invitation with { Status = InvitationStatus.Accepted, DecidedAt = now, MemberId = member.Id }, chama, member, inviter, RoleDeferred: roles != invitation.Roles);
                }
                else
                {
                    await DecideAsync(transaction, invitation.Id, "Declined", null, now);
                    await EventAsync(transaction, invitation.Id, "Declined", null, channel, now, answerKey);
                    await Audit.RecordAsync(transaction, chama.Id, Actor.System(channel), "invitation.declined", $"invitation:{invitation.Id} seat:{invitation.Seat}", now);
                    answer = new InvitationAnswer(AnswerOutcome.Declined, invitation with { Status = InvitationStatus.Declined, DecidedAt = now }, chama, Inviter: inviter);
                }

                await Outbox.Outbox.EnqueueAllAsync(transaction, notices?.Invoke(answer), now);
                return answer;
            },
            cancellationToken);
    }

    /// <summary>
    /// Records the lapse of every invitation left unanswered for <see cref="Invitation.Lifetime"/>; returns how many.
    /// Nobody is messaged. The chamas with invitations due are found first, then each chama's are lapsed in a write of
    /// that chama alone.
    /// </summary>
    public async Task<int> LapseDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var chamas = await database.ReadAsync(
            async (connection, transaction) => (await connection.QueryAsync<long>(
                "SELECT DISTINCT chama_id FROM invitations WHERE status = 'Pending' AND created_at <= @Before ORDER BY chama_id;",
                new { Before = (now - Invitation.Lifetime).ToUnixTimeMilliseconds() },
                transaction)).ToList(),
            cancellationToken);
        var lapsed = 0;
        foreach (var chamaId in chamas)
        {
            lapsed += await database.WriteAsync((_, transaction) => LapseDueAsync(transaction, chamaId, now), cancellationToken);
        }

        return lapsed;
    }

    /// <summary>Every invitation of a chama, newest first, with who sent it and the member it made.</summary>
    public Task<IReadOnlyList<InvitationListing>> ListAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<InvitationListing>>(
            async (connection, transaction) => (await connection.QueryAsync<ListedRow>(
                    $"""
                    SELECT {InvitationRow.Columns}, b.name AS invited_by_name, m.name AS member_name
                    FROM invitations i JOIN members b ON b.id = i.invited_by_member_id LEFT JOIN members m ON m.id = i.member_id
                    WHERE i.chama_id = @chamaId ORDER BY i.id DESC;
                    """,
                    new { chamaId },
                    transaction))
                .Select(r => new InvitationListing(r.ToInvitation(), r.InvitedByName, r.MemberName))
                .ToList(),
            cancellationToken);

    /// <summary>The invitations waiting for this phone's answer now, oldest first, across chamas.</summary>
    public Task<IReadOnlyList<OpenInvitation>> FindOpenAsync(PhoneNumber phone, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.ReadAsync<IReadOnlyList<OpenInvitation>>(
            async (connection, transaction) =>
            {
                var rows = (await connection.QueryAsync<ListedRow>(
                    $"""
                    SELECT {InvitationRow.Columns}, b.name AS invited_by_name, NULL AS member_name
                    FROM invitations i JOIN members b ON b.id = i.invited_by_member_id
                    WHERE i.phone = @Phone AND i.status = 'Pending' ORDER BY i.id;
                    """,
                    new { Phone = phone.E164 },
                    transaction)).Where(r => r.ToInvitation().IsOpenAt(now)).ToList();
                var open = new List<OpenInvitation>();
                foreach (var row in rows)
                {
                    open.Add(new OpenInvitation(row.ToInvitation(), await ChamaAsync(transaction, row.ChamaId), row.InvitedByName));
                }

                return open;
            },
            cancellationToken);
    }

    /// <summary>Lapses the chama's invitations left unanswered for <see cref="Invitation.Lifetime"/>, inside the caller's write of that chama.</summary>
    private static async Task<int> LapseDueAsync(DbTransaction transaction, long chamaId, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, chamaId);
        var connection = transaction.Connection!;
        var due = (await connection.QueryAsync<long>(
            "SELECT id FROM invitations WHERE chama_id = @chamaId AND status = 'Pending' AND created_at <= @Before ORDER BY id;",
            new { chamaId, Before = (now - Invitation.Lifetime).ToUnixTimeMilliseconds() },
            transaction)).ToList();
        foreach (var id in due)
        {
            await DecideAsync(transaction, id, "Lapsed", null, now);
            await EventAsync(transaction, id, "Lapsed", null, "system", now);
            await Audit.RecordAsync(transaction, chamaId, Actor.System("system"), "invitation.lapsed", $"invitation:{id}", now);
        }

        return due.Count;
    }

    private static async Task<Member> AddMemberAsync(DbTransaction transaction, Invitation invitation, MemberRoles roles, Language language, string channel, DateTimeOffset now)
    {
        var connection = transaction.Connection!;
        var holder = await connection.QueryFirstOrDefaultAsync<MemberRow>(
            $"{MemberRow.Select} WHERE chama_id = @ChamaId AND (seat = @Seat OR phone = @Phone);",
            new { invitation.ChamaId, invitation.Seat, Phone = invitation.Phone.E164 },
            transaction);
        if (holder is not null)
        {
            // Added some other way since the invitation (the operator's terminal): the seat or phone is taken.
            throw new ChamaException(holder.Seat == invitation.Seat ? ChamaError.SeatTaken : ChamaError.PhoneAlreadyMember, $"Seat {invitation.Seat} or this phone is taken.");
        }

        var name = invitation.MemberName;
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO members (chama_id, name, phone, receive_phone, seat, roles, language, active, joined_at)
            VALUES (@ChamaId, @Name, @Phone, @Phone, @Seat, @Roles, @Language, 1, @At) RETURNING id;
            """,
            new { invitation.ChamaId, Name = name, Phone = invitation.Phone.E164, invitation.Seat, Roles = (long)roles, Language = language.ToString(), At = now.ToUnixTimeMilliseconds() },
            transaction);
        await Audit.RecordAsync(transaction, invitation.ChamaId, Actor.System(channel), "member.added", $"member:{id} seat:{invitation.Seat} roles:{roles} invitation:{invitation.Id}", now);
        return new Member(id, invitation.ChamaId, name, invitation.Phone, invitation.Phone, invitation.Seat, roles, language, true);
    }

    private static Task DecideAsync(DbTransaction transaction, long id, string status, long? memberId, DateTimeOffset now) =>
        transaction.Connection!.ExecuteAsync(
            "UPDATE invitations SET status = @status, decided_at = @At, member_id = @memberId WHERE id = @id AND status = 'Pending';",
            new { id, status, memberId, At = now.ToUnixTimeMilliseconds() },
            transaction);

    private static Task EventAsync(DbTransaction transaction, long invitationId, string kind, long? actorMemberId, string channel, DateTimeOffset now, string? answerKey = null) =>
        transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO invitation_events (invitation_id, event, actor_member_id, channel, at, answer_key)
            VALUES (@invitationId, @kind, @actorMemberId, @channel, @At, @answerKey);
            """,
            new { invitationId, kind, actorMemberId, channel, At = now.ToUnixTimeMilliseconds(), answerKey },
            transaction);

    private static async Task<bool> FirstCycleStartedAsync(DbTransaction transaction, long chamaId) =>
        await transaction.Connection!.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cycles WHERE chama_id = @chamaId;", new { chamaId }, transaction) > 0;

    private static async Task<ChamaGroup> ChamaAsync(DbTransaction transaction, long chamaId) =>
        (await transaction.Connection!.QuerySingleOrDefaultAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction))?.ToChama()
        ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {chamaId}.");

    private static async Task<Member> MemberAsync(DbTransaction transaction, long memberId) =>
        (await transaction.Connection!.QuerySingleAsync<MemberRow>($"{MemberRow.Select} WHERE id = @memberId;", new { memberId }, transaction)).ToMember();

    /// <summary>An invitation row with the names of who invited and who it made a member.</summary>
    private sealed class ListedRow : InvitationRow
    {
        public string InvitedByName { get; init; } = "";
        public string? MemberName { get; init; }
    }
}
