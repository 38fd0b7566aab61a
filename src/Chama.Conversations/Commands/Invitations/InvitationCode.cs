using System.Text.RegularExpressions;

namespace Chama.Conversations.Commands.Invitations;

/// <summary>
/// How an answer to an invitation names its chama: <c>JOIN UMOJA</c>, the chama's code, which has a letter (a seat is
/// digits only, so <c>JOIN 5</c> stays the officers' proposal). A message one of the member's commands reads
/// (<c>DECLINE SWAP</c>, <c>KATAA P3 …</c>) is never an answer to an invitation, so no message means both.
/// </summary>
public static partial class InvitationCode
{
    public static bool TryRead(CommandText text, out string code)
    {
        code = text.Words.Count == 2 ? text.Words[1].ToUpperInvariant() : "";
        return Shape().IsMatch(code) && Keywords.Read(text.Text) is null;
    }

    /// <summary>A chama's code (2 to 8 letters and digits) with at least one letter.</summary>
    [GeneratedRegex("^(?=.*[A-Z])[A-Z0-9]{2,8}$")]
    private static partial Regex Shape();
}
