namespace Chama.Core.Invitations;

/// <summary>
/// Who may invite whom to which seat. Officers invite members. Naming officers is the founder's before the chama's first
/// cycle starts: only the chair may then invite with an officer role; from the first cycle on, roles change only by the
/// officers' quorum (member change proposals), so an invitation with a role is refused.
/// </summary>
public static class InvitationRules
{
    /// <summary>
    /// Throws the refusal when <paramref name="inviter"/> may not invite <paramref name="phone"/> to <paramref name="seat"/>
    /// with <paramref name="roles"/>. <paramref name="members"/> are every member row of the chama, active or not (a seat
    /// or phone once used stays theirs); <paramref name="invitations"/> are its invitations not accepted, lapsed ones
    /// recorded as such.
    /// </summary>
    public static void EnsureAllowed(
        Member inviter,
        PhoneNumber phone,
        int seat,
        MemberRoles roles,
        bool firstCycleStarted,
        IReadOnlyCollection<Member> members,
        IReadOnlyCollection<Invitation> invitations)
    {
        if (!inviter.Active || !inviter.IsOfficer)
        {
            throw new ChamaException(ChamaError.NotAnOfficer, "Only the chama's officers can invite members.");
        }

        if (roles != MemberRoles.Member)
        {
            if (firstCycleStarted)
            {
                throw new ChamaException(
                    ChamaError.OfficersMustDecide, "The first cycle has started: invite as a member, and change roles through the officers' quorum.");
            }

            if (!inviter.Roles.HasFlag(MemberRoles.Chair))
            {
                throw new ChamaException(ChamaError.OnlyChairNamesOfficers, "Only the chair names the first officers.");
            }
        }

        if (members.FirstOrDefault(m => m.Phone == phone) is { } already)
        {
            throw new ChamaException(ChamaError.PhoneAlreadyMember, $"{phone.Masked} is already a member of this chama (seat {already.Seat}).");
        }

        if (members.FirstOrDefault(m => m.Seat == seat) is { } seated)
        {
            throw new ChamaException(ChamaError.SeatTaken, $"Seat {seat} is already taken by {seated.Name}.");
        }

        if (invitations.Any(i => i.Phone == phone))
        {
            throw new ChamaException(ChamaError.AlreadyInvited, $"{phone.Masked} was already invited: a phone is invited once unless it has answered.");
        }

        if (invitations.Any(i => i.Seat == seat && i.Status == InvitationStatus.Pending))
        {
            throw new ChamaException(ChamaError.SeatInvited, $"Seat {seat} already has an invitation waiting for its answer.");
        }
    }

    /// <summary>A chama that waits for the operator's approval invites nobody yet: nothing is done in it until approved.</summary>
    public static void EnsureApproved(ChamaGroup chama)
    {
        if (chama.AwaitsApproval)
        {
            throw new ChamaException(ChamaError.ChamaAwaitsApproval, $"{chama.Name} waits for the operator's approval: invite its members once it is approved.");
        }
    }

    /// <summary>
    /// The roles the invitee takes on accepting: those the chair named, while the first cycle has not started. Once it
    /// has, the invitee joins as a member and any role goes through the officers' quorum, as every other role change does.
    /// </summary>
    public static MemberRoles RolesOnAcceptance(Invitation invitation, bool firstCycleStarted) => firstCycleStarted ? MemberRoles.Member : invitation.Roles;
}
