using Chama.Core;
using Chama.Data.Chamas;

namespace Chama.Data.Tests;

/// <summary>An officer's corrections to a member: validated as a new member is, refused with nothing changed, audited.</summary>
public sealed class MemberEditTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private Umoja umoja = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync();
        umoja = await db.SeedUmojaAsync();
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_seat_kept_by_a_member_who_left_is_not_given_to_another()
    {
        await new MemberExitStore(db.Database, db.Clock).RecordAsync(umoja.Grace, 4, "moved to Mombasa", "test");
        var members = await db.CountAsync("audit_log");

        var error = await Assert.ThrowsAsync<ChamaException>(() =>
            db.Chamas.UpdateMemberAsync(umoja.Chama.Id, umoja.Diana.Id, new NewMember("Diana Mwangi", "0733000003", 4), TestDatabase.Treasurer));

        Assert.Equal(ChamaError.SeatTaken, error.Error);
        Assert.Equal(3, (await db.Chamas.FindMemberAsync(umoja.Diana.Id))!.Seat);
        Assert.Equal(members, await db.CountAsync("audit_log"));
    }

    [Fact]
    public async Task A_member_who_left_is_not_edited()
    {
        await new MemberExitStore(db.Database, db.Clock).RecordAsync(umoja.Grace, 4, "moved to Mombasa", "test");

        var error = await Assert.ThrowsAsync<ChamaException>(() =>
            db.Chamas.UpdateMemberAsync(umoja.Chama.Id, umoja.Samuel.Id, new NewMember("Samuel Kimani", "0711000004", 4, MemberRoles.Chair), TestDatabase.Treasurer));

        Assert.Equal(ChamaError.UnknownMember, error.Error);
    }

    [Fact]
    public async Task A_member_of_another_chama_is_not_edited_through_this_one()
    {
        var jirani = await db.Chamas.CreateChamaAsync("Jirani Welfare Group", "JIRANI", Constitution.Monthly(Money.Kes(500)), TestDatabase.Treasurer);

        var error = await Assert.ThrowsAsync<ChamaException>(() =>
            db.Chamas.UpdateMemberAsync(jirani.Id, umoja.Samuel.Id, new NewMember("Samuel Kimani", "0711000004", 1), TestDatabase.Treasurer));

        Assert.Equal(ChamaError.UnknownMember, error.Error);
    }

    [Fact]
    public async Task A_new_phone_is_normalised_and_audited_masked_and_the_payout_phone_stays_for_the_officers_to_decide()
    {
        var edited = await db.Chamas.UpdateMemberAsync(
            umoja.Chama.Id, umoja.Samuel.Id, new NewMember("Samuel Kimani", "+254 799 000 044", 4), Actor.Member(umoja.Patrick.Id, "dashboard"));

        Assert.Equal("+254799000044", edited.Phone.E164);
        Assert.Equal(umoja.Samuel.ReceivePhone, edited.ReceivePhone);
        Assert.Equal(edited, await db.Chamas.FindMemberAsync(umoja.Samuel.Id));
        Assert.Single(await db.Chamas.FindMembershipsAsync(PhoneNumber.Parse("0799000044")));
        Assert.Empty(await db.Chamas.FindMembershipsAsync(PhoneNumber.Parse("0711000004")));
        var audit = (await new AuditTrail(db.Database).ListAsync(umoja.Chama.Id))[0];
        Assert.Equal((umoja.Patrick.Id, "dashboard", "member.updated", $"member:{umoja.Samuel.Id} phone:+2547******44"), (audit.ActorMemberId!.Value, audit.Channel, audit.Action, audit.Subject));
    }
}
