using Chama.Core.Text;

namespace Chama.Core.Invitations;

/// <summary>What an officer asks: invite this phone to this seat, with these officer roles (none for a member), in this language.</summary>
public sealed record InvitationRequest(string Phone, int Seat, MemberRoles Roles = MemberRoles.Member, string? Name = null, Language Language = Language.En)
{
    /// <summary>The phone in E.164 and the name, if any, cleaned; refuses a seat below 1, a bad phone or name.</summary>
    public (PhoneNumber Phone, string? Name) Validate()
    {
        if (Seat < 1)
        {
            throw new ChamaException(ChamaError.InvalidSeat, $"Seat {Seat} is not valid: seats start at 1.");
        }

        if ((Roles & ~(MemberRoles.Treasurer | MemberRoles.Chair | MemberRoles.Secretary)) != 0)
        {
            throw new ChamaException(ChamaError.InvalidChama, "Unknown officer role.");
        }

        var name = string.IsNullOrWhiteSpace(Name) ? null : TextInput.Line(Name);
        if (name is { Length: > NewMember.MaxNameLength })
        {
            throw new ChamaException(ChamaError.InvalidChama, $"A member's name must be 1 to {NewMember.MaxNameLength} characters.");
        }

        return (PhoneNumber.Parse(Phone), name);
    }
}
