using Chama.Core;
using Chama.Core.Invitations;

namespace Chama.Data.Invitations;

/// <summary>An invitation as made (or found again, for a retried request: <see cref="New"/> false), with its chama and inviter.</summary>
public sealed record InvitationResult(Invitation Invitation, ChamaGroup Chama, Member Inviter, bool New);

public enum AnswerOutcome
{
    /// <summary>The phone accepted: it is the member on the seat now.</summary>
    Accepted,

    /// <summary>Declined: nothing else happens, and the phone is not invited to this chama again.</summary>
    Declined,

    /// <summary>The same answer again (a retried message): nothing changed.</summary>
    AlreadyAnswered,

    /// <summary>An answer other than the one given before: the first stands.</summary>
    AnsweredOtherwise,

    /// <summary>Seven days passed without an answer: too late.</summary>
    Lapsed,

    /// <summary>This phone has no invitation from that chama (or there is no such chama).</summary>
    NoInvitation,
}

/// <summary>
/// What answering did. <see cref="Member"/> is the member the acceptance made (or made before, for a retry);
/// <see cref="RoleDeferred"/> says the invitation named a role but the first cycle had started by then, so the member
/// joined without it.
/// </summary>
public sealed record InvitationAnswer(AnswerOutcome Outcome, Invitation? Invitation, ChamaGroup? Chama, Member? Member = null, Member? Inviter = null, bool RoleDeferred = false);

/// <summary>One invitation as the officers see it listed, with who sent it and the member it made.</summary>
public sealed record InvitationListing(Invitation Invitation, string InvitedBy, string? MemberName);

/// <summary>An invitation waiting for this phone's answer, with its chama and who sent it.</summary>
public sealed record OpenInvitation(Invitation Invitation, ChamaGroup Chama, string InvitedBy);
