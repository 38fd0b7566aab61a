using Chama.Core;
using Chama.Core.Invitations;

namespace Chama.Data.Invitations;

internal class InvitationRow
{
    public long Id { get; init; }
    public long ChamaId { get; init; }
    public string Phone { get; init; } = "";
    public long Seat { get; init; }
    public long Roles { get; init; }
    public string? Name { get; init; }
    public string Language { get; init; } = "";
    public long InvitedByMemberId { get; init; }
    public string Status { get; init; } = "";
    public long CreatedAt { get; init; }
    public long? DecidedAt { get; init; }
    public long? MemberId { get; init; }

    public const string Columns = "i.id, i.chama_id, i.phone, i.seat, i.roles, i.name, i.language, i.invited_by_member_id, i.status, i.created_at, i.decided_at, i.member_id";

    public const string Select = $"SELECT {Columns} FROM invitations i";

    public Invitation ToInvitation() => new(
        Id,
        ChamaId,
        PhoneNumber.FromStored(Phone),
        (int)Seat,
        (MemberRoles)Roles,
        Name,
        Enum.Parse<Core.Language>(Language),
        InvitedByMemberId,
        Enum.Parse<InvitationStatus>(Status),
        DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        DecidedAt is { } decided ? DateTimeOffset.FromUnixTimeMilliseconds(decided) : null,
        MemberId);
}
