namespace Chama.Core.Founding;

/// <summary>
/// The steps of founding a chama, in the order they are asked. Each answer is checked on its step; the last step shows
/// everything and founds the chama on the founder's yes.
/// </summary>
public enum SetupStep
{
    /// <summary>The chama's name.</summary>
    Name = 1,

    /// <summary>Its short code, unique across chamas (the M-Pesa account reference members type).</summary>
    Code,

    /// <summary>The contribution a member pays each round, and so the chama's currency.</summary>
    Contribution,

    /// <summary>Weekly, fortnightly or monthly.</summary>
    Frequency,

    /// <summary>The first meeting's date: today or later, Nairobi time.</summary>
    FirstMeeting,

    /// <summary>The founder's own name, as members will see it.</summary>
    FounderName,

    /// <summary>The founder's own seat in the rotation.</summary>
    Seat,

    /// <summary>The constitution's defaults as numbered rules, each changeable by number before going on.</summary>
    Rules,

    /// <summary>The summary: yes founds the chama.</summary>
    Confirm,
}
