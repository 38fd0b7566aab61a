using Chama.Core.Text;

namespace Chama.Core;

[Flags]
public enum MemberRoles
{
    Member = 0,
    Treasurer = 1,
    Chair = 2,
    Secretary = 4,
}

public enum Language
{
    En,
    Sw,
}

/// <summary>A member of one chama. Payouts go to <see cref="ReceivePhone"/>, which defaults to the contact phone.</summary>
public sealed record Member(
    long Id,
    long ChamaId,
    string Name,
    PhoneNumber Phone,
    PhoneNumber ReceivePhone,
    int Seat,
    MemberRoles Roles,
    Language Language,
    bool Active)
{
    public bool IsOfficer => Roles != MemberRoles.Member;
}

/// <summary>What is needed to add a member; validated before anything is stored.</summary>
public sealed record NewMember(
    string Name,
    string Phone,
    int Seat,
    MemberRoles Roles = MemberRoles.Member,
    Language Language = Language.En,
    string? ReceivePhone = null)
{
    public const int MaxNameLength = 60;

    public (string Name, PhoneNumber Phone, PhoneNumber ReceivePhone) Validate()
    {
        var name = TextInput.Line(Name);
        if (name.Length is 0 or > MaxNameLength)
        {
            throw new ChamaException(ChamaError.InvalidChama, $"A member's name must be 1 to {MaxNameLength} characters.");
        }

        if (Seat < 1)
        {
            throw new ChamaException(ChamaError.InvalidSeat, $"Seat {Seat} is not valid: seats start at 1.");
        }

        var phone = PhoneNumber.Parse(Phone);
        var receive = string.IsNullOrWhiteSpace(ReceivePhone) ? phone : PhoneNumber.Parse(ReceivePhone);
        return (name, phone, receive);
    }
}
