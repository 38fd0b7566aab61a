namespace Chama.Core.Invitations;

public enum InvitationStatus
{
    Pending,
    Accepted,
    Declined,
    Lapsed,
}

/// <summary>
/// An officer's invitation of a phone to a seat of their chama, with an officer role or none. The phone becomes a member
/// only by answering it from that phone; unanswered for <see cref="Lifetime"/> it lapses.
/// </summary>
public sealed record Invitation(
    long Id,
    long ChamaId,
    PhoneNumber Phone,
    int Seat,
    MemberRoles Roles,
    string? Name,
    Language Language,
    long InvitedBy,
    InvitationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt,
    long? MemberId)
{
    /// <summary>How long an invitation waits for its answer.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public DateTimeOffset LapsesAt => CreatedAt + Lifetime;

    /// <summary>Still waiting for the answer at <paramref name="now"/>: pending, and not yet past its lifetime (whether or not its lapse is recorded yet).</summary>
    public bool IsOpenAt(DateTimeOffset now) => Status == InvitationStatus.Pending && now < LapsesAt;

    /// <summary>The new member's name: the one the inviter gave, else the seat's (an officer corrects it on the dashboard).</summary>
    public string MemberName => Name ?? $"Seat {Seat}";
}
