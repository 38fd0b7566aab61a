using Chama.Core;
using Chama.Core.Founding;

namespace Chama.Data.Founding;

/// <summary>
/// A phone's chama set-up as stored: open while it is being answered; once founded, the chama it became and the key of
/// the message that founded it, kept so that a retry of that message is answered without founding twice.
/// </summary>
public sealed record SetupDraft(
    PhoneNumber Phone,
    ChamaSetup Setup,
    Language Language,
    string Channel,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long? FoundedChamaId,
    string? FoundedByKey)
{
    public bool IsOpen => FoundedChamaId is null;
}

/// <summary>A founded chama, its founder (a member with the chair's role), and whether this call founded it or a retry found it done.</summary>
public sealed record FoundedChama(ChamaGroup Chama, Member Founder, bool Repeated);
