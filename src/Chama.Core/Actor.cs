namespace Chama.Core;

/// <summary>Who made a change and through which channel, for the audit trail.</summary>
public sealed record Actor(long? MemberId, string Channel)
{
    public static Actor System(string channel) => new(null, channel);

    public static Actor Member(long memberId, string channel) => new(memberId, channel);
}
