using Chama.Core;

namespace Chama.Conversations.Texts;

/// <summary>The <c>quorum_unreachable</c> refusal, worded from the facts of the <see cref="QuorumCheck"/> that refused (chat and dashboard).</summary>
public static class QuorumText
{
    public const string Key = "quorum_unreachable";

    /// <param name="listed">Said as one line of a longer refusal (a cycle not ready), which says itself that nothing changed.</param>
    public static object Model(QuorumCheck check, bool listed = false) => new
    {
        listed,
        names = string.Join(", ", check.Shortfalls.Select(s => s.Recipient.Name)),
        required = check.Required,
        voters = check.Shortfalls.Min(s => s.Voters),
        reachable = check.ReachableQuorum,
        @short = check.OfficersShort,
    };

    public static string For(MessageTexts texts, Language language, QuorumCheck check, bool listed = false) => texts.Render(language, Key, Model(check, listed));
}
