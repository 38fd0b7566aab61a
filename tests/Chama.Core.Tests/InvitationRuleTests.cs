using Chama.Core.Invitations;

namespace Chama.Core.Tests;

/// <summary>Who may invite whom to which seat, and what an invitee becomes on accepting.</summary>
public class InvitationRuleTests
{
    private static readonly IReadOnlyList<Member> Members = Fixtures.Umoja();
    private static readonly Member Grace = Members[0];
    private static readonly Member Patrick = Members[1];
    private static readonly Member Diana = Members[2];
    private static readonly PhoneNumber Esther = PhoneNumber.Parse("0700000005");
    private static readonly DateTimeOffset Sent = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_officer_invites_a_new_phone_to_a_free_seat() =>
        InvitationRules.EnsureAllowed(Grace, Esther, 5, MemberRoles.Member, firstCycleStarted: true, Members, []);

    [Fact]
    public void A_member_who_is_no_officer_cannot_invite() =>
        Refused(ChamaError.NotAnOfficer, () => InvitationRules.EnsureAllowed(Diana, Esther, 5, MemberRoles.Member, false, Members, []));

    [Fact]
    public void The_chair_names_an_officer_by_invitation_before_the_first_cycle() =>
        InvitationRules.EnsureAllowed(Patrick, Esther, 5, MemberRoles.Secretary, firstCycleStarted: false, Members, []);

    [Fact]
    public void Another_officer_cannot_invite_with_a_role() =>
        Refused(ChamaError.OnlyChairNamesOfficers, () => InvitationRules.EnsureAllowed(Grace, Esther, 5, MemberRoles.Secretary, false, Members, []));

    [Fact]
    public void After_the_first_cycle_has_started_a_role_goes_through_the_officers_quorum_not_an_invitation() =>
        Refused(ChamaError.OfficersMustDecide, () => InvitationRules.EnsureAllowed(Patrick, Esther, 5, MemberRoles.Treasurer, firstCycleStarted: true, Members, []));

    [Fact]
    public void A_seat_held_by_a_member_cannot_be_offered() =>
        Refused(ChamaError.SeatTaken, () => InvitationRules.EnsureAllowed(Grace, Esther, 3, MemberRoles.Member, false, Members, []));

    [Fact]
    public void A_seat_held_by_a_member_who_left_stays_theirs() =>
        Refused(ChamaError.SeatTaken, () => InvitationRules.EnsureAllowed(Grace, Esther, 5, MemberRoles.Member, false, [.. Members, Fixtures.Member(9, "Left", 5, active: false)], []));

    [Fact]
    public void A_phone_already_a_member_is_not_invited() =>
        Refused(ChamaError.PhoneAlreadyMember, () => InvitationRules.EnsureAllowed(Grace, Diana.Phone, 5, MemberRoles.Member, false, Members, []));

    [Fact]
    public void A_seat_with_an_invitation_waiting_is_not_offered_twice() =>
        Refused(ChamaError.SeatInvited, () => InvitationRules.EnsureAllowed(Grace, Esther, 5, MemberRoles.Member, false, Members, [Invited(PhoneNumber.Parse("0700000006"), 5)]));

    [Fact]
    public void A_seat_whose_invitation_was_declined_may_be_offered_to_someone_else() =>
        InvitationRules.EnsureAllowed(Grace, Esther, 5, MemberRoles.Member, false, Members, [Invited(PhoneNumber.Parse("0700000006"), 5) with { Status = InvitationStatus.Declined }]);

    [Theory]
    [InlineData(InvitationStatus.Pending)]
    [InlineData(InvitationStatus.Declined)]
    [InlineData(InvitationStatus.Lapsed)]
    public void A_phone_is_invited_once_unless_it_accepted(InvitationStatus status) =>
        Refused(ChamaError.AlreadyInvited, () => InvitationRules.EnsureAllowed(Grace, Esther, 6, MemberRoles.Member, false, Members, [Invited(Esther, 5) with { Status = status }]));

    [Fact]
    public void An_invitation_is_open_for_seven_days_then_lapses()
    {
        var invitation = Invited(Esther, 5);

        Assert.True(invitation.IsOpenAt(Sent.AddDays(7).AddTicks(-1)));
        Assert.False(invitation.IsOpenAt(Sent.AddDays(7)));
        Assert.False((invitation with { Status = InvitationStatus.Declined }).IsOpenAt(Sent));
    }

    [Fact]
    public void An_invitee_takes_the_chairs_role_only_while_the_first_cycle_has_not_started()
    {
        var treasurer = Invited(Esther, 5) with { Roles = MemberRoles.Treasurer };

        Assert.Equal(MemberRoles.Treasurer, InvitationRules.RolesOnAcceptance(treasurer, firstCycleStarted: false));
        Assert.Equal(MemberRoles.Member, InvitationRules.RolesOnAcceptance(treasurer, firstCycleStarted: true));
    }

    [Theory]
    [InlineData("not a phone", 5, ChamaError.InvalidPhone)]
    [InlineData("0700000005", 0, ChamaError.InvalidSeat)]
    public void A_request_with_a_bad_phone_or_seat_is_refused(string phone, int seat, ChamaError error) =>
        Refused(error, () => new InvitationRequest(phone, seat).Validate());

    [Fact]
    public void A_name_longer_than_a_members_is_refused() =>
        Refused(ChamaError.InvalidChama, () => new InvitationRequest("0700000005", 5, Name: new string('N', NewMember.MaxNameLength + 1)).Validate());

    [Fact]
    public void A_request_reads_a_local_number_as_Kenyan() => Assert.Equal("+254700000005", new InvitationRequest("0700000005", 5).Validate().Phone.E164);

    private static Invitation Invited(PhoneNumber phone, int seat) =>
        new(1, 1, phone, seat, MemberRoles.Member, null, Language.En, Grace.Id, InvitationStatus.Pending, Sent, null, null);

    [Fact]
    public void A_chama_awaiting_the_operators_approval_invites_nobody_until_approved()
    {
        var founded = new ChamaGroup(1, "Jirani", "JIRANI", Constitution.Monthly(Money.Kes(500))) { AwaitsApproval = true };

        Refused(ChamaError.ChamaAwaitsApproval, () => InvitationRules.EnsureApproved(founded));
        InvitationRules.EnsureApproved(founded with { AwaitsApproval = false });
    }

    private static void Refused(ChamaError error, Action act) => Assert.Equal(error, Assert.Throws<ChamaException>(act).Error);
}
