using Chama.Core;

namespace Chama.Core.Tests;

internal static class Fixtures
{
    public static Member Member(long id, string name, int seat, MemberRoles roles = MemberRoles.Member, bool active = true)
    {
        var phone = PhoneNumber.Parse($"07120000{id:00}");
        return new Member(id, 1, name, phone, phone, seat, roles, Language.En, active);
    }

    /// <summary>The quick start's chama: four members on seats 1 to 4.</summary>
    public static IReadOnlyList<Member> Umoja() =>
    [
        Member(1, "Grace Wanjiku", 1, MemberRoles.Treasurer),
        Member(2, "Patrick Ochieng", 2, MemberRoles.Chair),
        Member(3, "Diana Mwangi", 3),
        Member(4, "Samuel Kimani", 4),
    ];

    public static Round Round(int number, long recipientId, int members = 4, long contributionShillings = 10_000) =>
        new(number, 1, number, recipientId, new DateOnly(2026, 1, 31).AddMonths(number - 1), Money.Kes(contributionShillings).Times(members));

    public static PotEntry Paid(long memberId, long shillings) => new(memberId, PotEntryKind.Contribution, Money.Kes(shillings));
}
