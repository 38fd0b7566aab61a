namespace Chama.Conversations;

/// <summary>
/// Africa's Talking sends the whole session's input every hop (<c>1*2*500</c>). The newest step is what follows the
/// input of the previous hop; a member's own <c>*</c> (in a welfare reason) therefore survives.
/// </summary>
public static class UssdInput
{
    public static string Latest(string? previous, string cumulative)
    {
        if (string.IsNullOrEmpty(previous))
        {
            return cumulative.Contains('*', StringComparison.Ordinal) ? cumulative[(cumulative.LastIndexOf('*') + 1)..] : cumulative;
        }

        return cumulative.StartsWith(previous + "*", StringComparison.Ordinal)
            ? cumulative[(previous.Length + 1)..]
            : cumulative[(cumulative.LastIndexOf('*') + 1)..];
    }
}
