using Chama.Core;

namespace Chama.Conversations.Commands.Invitations;

/// <summary>
/// The officer roles as members write them, in English and Swahili (<c>TREASURER</c>/<c>MWEKAHAZINA</c>,
/// <c>CHAIR</c>/<c>MWENYEKITI</c>, <c>SECRETARY</c>/<c>KATIBU</c>, <c>MEMBER</c>/<c>MWANACHAMA</c>), and the one word
/// the templates name a role by.
/// </summary>
public static class RoleWords
{
    private static readonly Dictionary<string, MemberRoles> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TREASURER"] = MemberRoles.Treasurer,
        ["MWEKAHAZINA"] = MemberRoles.Treasurer,
        ["CHAIR"] = MemberRoles.Chair,
        ["CHAIRPERSON"] = MemberRoles.Chair,
        ["MWENYEKITI"] = MemberRoles.Chair,
        ["SECRETARY"] = MemberRoles.Secretary,
        ["KATIBU"] = MemberRoles.Secretary,
        ["MEMBER"] = MemberRoles.Member,
        ["MWANACHAMA"] = MemberRoles.Member,
    };

    public static bool TryRead(string word, out MemberRoles role) => Words.TryGetValue(word.Trim(), out role);

    /// <summary>The word templates switch on: <c>treasurer</c>, <c>chair</c>, <c>secretary</c>, or <c>member</c> for none.</summary>
    public static string Key(MemberRoles roles) => roles switch
    {
        MemberRoles.Member => "member",
        _ when roles.HasFlag(MemberRoles.Chair) => "chair",
        _ when roles.HasFlag(MemberRoles.Treasurer) => "treasurer",
        _ => "secretary",
    };
}
