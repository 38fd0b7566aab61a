using System.Data.Common;
using Chama.Core;
using Chama.Core.Invitations;
using Chama.Data.Invitations;
using Chama.Data.Outbox;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// Invitations held by the database on both engines: one message per phone however often the invite is retried, one
/// member made by however many acceptances, only from the phone invited, and a lapse after seven days of silence.
/// </summary>
public abstract class InvitationStoreTests(Engine engine) : IAsyncLifetime
{
    private static readonly PhoneNumber Esther = PhoneNumber.Parse("0700000005");
    private static readonly PhoneNumber Stranger = PhoneNumber.Parse("0799000099");

    private TestDatabase db = null!;
    private InvitationStore invitations = null!;
    private ChamaGroup jirani = null!;
    private Member chair = null!;
    private Member treasurer = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        invitations = new InvitationStore(db.Database, db.Clock);
        jirani = await db.Chamas.CreateChamaAsync("Jirani Women Group", "JIRANI", Constitution.Monthly(Money.Kes(5_000)), TestDatabase.Treasurer);
        chair = await db.Chamas.AddMemberAsync(jirani.Id, new NewMember("Wanjiru Kamau", "0712000011", 1, MemberRoles.Chair), TestDatabase.Treasurer);
        treasurer = await db.Chamas.AddMemberAsync(jirani.Id, new NewMember("Achieng Otieno", "0712000012", 2, MemberRoles.Treasurer), TestDatabase.Treasurer);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task An_invitation_is_recorded_audited_and_its_message_queued_in_one_step()
    {
        var made = await InviteAsync(treasurer, 3);

        Assert.True(made.New);
        Assert.Equal((InvitationStatus.Pending, 3, Esther), (made.Invitation.Status, made.Invitation.Seat, made.Invitation.Phone));
        var message = Assert.Single(await new Outbox.Outbox(db.Database, db.Clock).ListForPhoneAsync(Esther));
        Assert.Equal($"invitation:{made.Invitation.Id}", message.IdempotencyKey);
        Assert.Equal(1, await db.CountAsync("invitation_events WHERE event = 'Invited'"));
        Assert.Equal(1, await db.CountAsync($"audit_log WHERE action = 'invitation.sent' AND actor_member_id = {treasurer.Id}"));
    }

    [Fact]
    public async Task A_retried_invite_is_the_same_invitation_and_messages_the_phone_once()
    {
        var first = await InviteAsync(treasurer, 3, "whatsapp:SM1:invite");
        var again = await InviteAsync(treasurer, 3, "whatsapp:SM1:invite");

        Assert.False(again.New);
        Assert.Equal(first.Invitation.Id, again.Invitation.Id);
        Assert.Equal((1, 1), (await db.CountAsync("invitations"), await db.CountAsync("outbound_messages")));
    }

    [Fact]
    public async Task A_second_invite_of_the_same_phone_is_refused_and_sends_nothing()
    {
        await InviteAsync(treasurer, 3, "whatsapp:SM1:invite");

        await Refused(ChamaError.AlreadyInvited, () => InviteAsync(chair, 4, "whatsapp:SM2:invite"));
        Assert.Equal((1, 1), (await db.CountAsync("invitations"), await db.CountAsync("outbound_messages")));
    }

    [Fact]
    public async Task The_database_holds_one_invitation_per_phone_and_one_waiting_per_seat()
    {
        await InviteAsync(treasurer, 3, "whatsapp:SM1:invite");
        await using var connection = await db.ConnectAsync();

        var samePhone = await Assert.ThrowsAnyAsync<DbException>(() => InsertAsync(connection, Esther, 4, "raw:1"));
        var sameSeat = await Assert.ThrowsAnyAsync<DbException>(() => InsertAsync(connection, Stranger, 3, "raw:2"));
        var sameKey = await Assert.ThrowsAnyAsync<DbException>(() => InsertAsync(connection, Stranger, 4, "whatsapp:SM1:invite"));

        Assert.True(db.IsUniqueViolation(samePhone));
        Assert.True(db.IsUniqueViolation(sameSeat));
        Assert.True(db.IsUniqueViolation(sameKey));
    }

    [Fact]
    public async Task Accepting_makes_exactly_one_member_on_the_seat_with_the_role_the_chair_named_and_charges_nothing()
    {
        var made = await InviteAsync(chair, 3, roles: MemberRoles.Secretary, name: "Esther Njeri");

        var accepted = await invitations.AcceptAsync(Esther, "jirani", "whatsapp", Language.Sw);
        var again = await invitations.AcceptAsync(Esther, "JIRANI", "whatsapp");

        Assert.Equal(AnswerOutcome.Accepted, accepted.Outcome);
        Assert.Equal(AnswerOutcome.AlreadyAnswered, again.Outcome);
        var member = Assert.Single(await db.Chamas.FindMembershipsAsync(Esther));
        Assert.Equal((jirani.Id, 3, MemberRoles.Secretary, "Esther Njeri", Language.Sw), (member.ChamaId, member.Seat, member.Roles, member.Name, member.Language));
        Assert.Equal(member.Id, again.Member!.Id);
        Assert.False(accepted.RoleDeferred);
        Assert.Equal(0, await db.CountAsync("payment_requests"));
        Assert.Equal(1, await db.CountAsync($"invitations WHERE id = {made.Invitation.Id} AND status = 'Accepted' AND member_id = {member.Id}"));
        Assert.Equal(1, await db.CountAsync($"audit_log WHERE action = 'member.added' AND actor_member_id IS NULL AND subject LIKE '%invitation:{made.Invitation.Id}'"));
    }

    [Fact]
    public async Task Another_phone_cannot_accept_someone_elses_invitation()
    {
        await InviteAsync(treasurer, 3);

        var answer = await invitations.AcceptAsync(Stranger, "JIRANI", "whatsapp");

        Assert.Equal(AnswerOutcome.NoInvitation, answer.Outcome);
        Assert.Empty(await db.Chamas.FindMembershipsAsync(Stranger));
        Assert.Empty(await db.Chamas.FindMembershipsAsync(Esther));
        Assert.Equal(1, await db.CountAsync("invitations WHERE status = 'Pending'"));
    }

    [Fact]
    public async Task A_declined_invitation_cannot_be_accepted_after_and_frees_the_seat()
    {
        await InviteAsync(treasurer, 3);

        Assert.Equal(AnswerOutcome.Declined, (await invitations.DeclineAsync(Esther, "JIRANI", "whatsapp")).Outcome);
        Assert.Equal(AnswerOutcome.AnsweredOtherwise, (await invitations.AcceptAsync(Esther, "JIRANI", "whatsapp")).Outcome);

        Assert.Empty(await db.Chamas.FindMembershipsAsync(Esther));
        Assert.True((await InviteAsync(treasurer, 3, "whatsapp:SM9:invite", Stranger)).New);
    }

    [Fact]
    public async Task An_unanswered_invitation_lapses_after_seven_days_and_cannot_be_accepted_then()
    {
        var made = await InviteAsync(treasurer, 3);

        db.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await invitations.LapseDueAsync());
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await invitations.LapseDueAsync());
        Assert.Equal(0, await invitations.LapseDueAsync());

        Assert.Equal(AnswerOutcome.Lapsed, (await invitations.AcceptAsync(Esther, "JIRANI", "whatsapp")).Outcome);
        Assert.Empty(await db.Chamas.FindMembershipsAsync(Esther));
        Assert.Equal(1, await db.CountAsync($"invitation_events WHERE invitation_id = {made.Invitation.Id} AND event = 'Lapsed'"));
        Assert.Equal(InvitationStatus.Lapsed, Assert.Single(await invitations.ListAsync(jirani.Id)).Invitation.Status);
        Assert.Equal(1, await db.CountAsync("outbound_messages"));
        await Refused(ChamaError.AlreadyInvited, () => InviteAsync(treasurer, 3, "whatsapp:SM2:invite"));
    }

    [Fact]
    public async Task Invitations_due_in_two_chamas_lapse_in_one_sweep_each_chama_in_a_write_of_its_own()
    {
        var tumaini = await db.Chamas.CreateChamaAsync("Tumaini Group", "TUMAINI", Constitution.Monthly(Money.Kes(2_000)), TestDatabase.Treasurer);
        var tumainiChair = await db.Chamas.AddMemberAsync(tumaini.Id, new NewMember("Esther Njeri", "0712000021", 1, MemberRoles.Chair), TestDatabase.Treasurer);
        await InviteAsync(treasurer, 3);
        await InviteAsync(treasurer, 4, phone: Stranger);
        await InviteAsync(tumainiChair, 2);
        db.Clock.Advance(TimeSpan.FromDays(7));

        Assert.Equal(3, await invitations.LapseDueAsync());

        Assert.Equal(0, await invitations.LapseDueAsync());
        Assert.All(await invitations.ListAsync(jirani.Id), listed => Assert.Equal(InvitationStatus.Lapsed, listed.Invitation.Status));
        Assert.Equal(InvitationStatus.Lapsed, Assert.Single(await invitations.ListAsync(tumaini.Id)).Invitation.Status);
        Assert.Equal(1, await db.CountAsync($"audit_log WHERE action = 'invitation.lapsed' AND chama_id = {tumaini.Id}"));
        Assert.Equal(2, await db.CountAsync($"audit_log WHERE action = 'invitation.lapsed' AND chama_id = {jirani.Id}"));
    }

    [Fact]
    public async Task An_acceptance_after_seven_days_finds_the_invitation_lapsed_before_the_worker_runs()
    {
        await InviteAsync(treasurer, 3);
        db.Clock.Advance(TimeSpan.FromDays(8));

        Assert.Equal(AnswerOutcome.Lapsed, (await invitations.AcceptAsync(Esther, "JIRANI", "whatsapp")).Outcome);
        Assert.Equal(1, await db.CountAsync("invitations WHERE status = 'Lapsed'"));
    }

    [Fact]
    public async Task A_role_named_before_the_first_cycle_is_not_taken_once_the_cycle_has_started()
    {
        await InviteAsync(chair, 3, roles: MemberRoles.Treasurer);
        await InviteAsync(chair, 4, "whatsapp:SM2:invite", Stranger);
        await invitations.AcceptAsync(Stranger, "JIRANI", "whatsapp");
        await db.Cycles.StartCycleAsync(jirani.Id, new DateOnly(2026, 1, 31), TestDatabase.Treasurer);

        var accepted = await invitations.AcceptAsync(Esther, "JIRANI", "whatsapp");

        Assert.True(accepted.RoleDeferred);
        Assert.Equal(MemberRoles.Member, accepted.Member!.Roles);
        await Refused(ChamaError.OfficersMustDecide, () => InviteAsync(chair, 5, "whatsapp:SM3:invite", PhoneNumber.Parse("0700000007"), MemberRoles.Secretary));
    }

    [Fact]
    public async Task An_answered_invitation_is_never_changed_again()
    {
        var made = await InviteAsync(treasurer, 3);
        await invitations.DeclineAsync(Esther, "JIRANI", "whatsapp");
        await using var connection = await db.ConnectAsync();

        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync($"UPDATE invitations SET status = 'Pending', decided_at = NULL WHERE id = {made.Invitation.Id};"));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM invitation_events;"));
    }

    [Fact]
    public async Task An_answer_given_under_a_key_is_found_again_by_it()
    {
        await InviteAsync(treasurer, 3);
        await invitations.AcceptAsync(Esther, "JIRANI", "ussd", answerKey: "ussd:s1:+254700000005:1:invitation");

        var found = await invitations.FindAnsweredAsync("ussd:s1:+254700000005:1:invitation");

        Assert.Equal((InvitationStatus.Accepted, "JIRANI"), (found!.Invitation.Status, found.Chama.Code));
        Assert.Null(await invitations.FindAnsweredAsync("ussd:s2:+254700000005:1:invitation"));
        Assert.Empty(await invitations.FindOpenAsync(Esther));
    }

    private Task<InvitationResult> InviteAsync(Member by, int seat, string? key = null, PhoneNumber? phone = null, MemberRoles roles = MemberRoles.Member, string? name = null) =>
        invitations.InviteAsync(
            by,
            new InvitationRequest((phone ?? Esther).E164, seat, roles, name),
            key ?? $"test:{Guid.NewGuid():N}",
            "test",
            made => new OutboundMessage("", made.Chama.Id, null, made.Invitation.Phone, $"Join {made.Chama.Code}"));

    private Task<int> InsertAsync(DbConnection connection, PhoneNumber phone, int seat, string key) =>
        connection.ExecuteAsync(
            """
            INSERT INTO invitations (chama_id, phone, seat, roles, language, invited_by_member_id, request_key, status, created_at)
            VALUES (@ChamaId, @Phone, @seat, 0, 'En', @By, @key, 'Pending', 0);
            """,
            new { ChamaId = jirani.Id, Phone = phone.E164, seat, By = treasurer.Id, key });

    private static async Task Refused(ChamaError error, Func<Task> act) => Assert.Equal(error, (await Assert.ThrowsAsync<ChamaException>(act)).Error);
}

public sealed class SqliteInvitationStoreTests() : InvitationStoreTests(Engine.Sqlite);

public sealed class PostgresInvitationStoreTests() : InvitationStoreTests(Engine.Postgres);
