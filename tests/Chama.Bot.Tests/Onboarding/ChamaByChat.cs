namespace Chama.Bot.Tests.Onboarding;

/// <summary>A chama founded by chat as a chairperson does it, in English: monthly, KES 5,000, first meeting 1 Feb 2026.</summary>
public static class ChamaByChat
{
    public const string Founder = "+254701100001";
    public const string Treasurer = "+254701100002";
    public const string Secretary = "+254701100003";
    public const string Member = "+254701100004";

    /// <summary>Founds Jirani Savers (JIRANI) from <see cref="Founder"/>, its chair on seat 1, and returns the founder's last answer.</summary>
    public static async Task<string> FoundJiraniAsync(this Channels chat)
    {
        foreach (var answer in new[] { "NEW CHAMA", "Jirani Savers", "JIRANI", "5000", "3", "1/2/2026", "Achieng Otieno", "1", "OK" })
        {
            await chat.WhatsAppAsync(Founder, answer);
        }

        return await chat.WhatsAppAsync(Founder, "YES");
    }

    /// <summary>The chair invites a treasurer on seat 2, a secretary on seat 3 and a member on seat 4.</summary>
    public static async Task InviteOfficersAndAMemberAsync(this Channels chat)
    {
        Assert.StartsWith("Invitation sent", await chat.WhatsAppAsync(Founder, "INVITE 0701100002 2 TREASURER Otieno Omondi"));
        Assert.StartsWith("Invitation sent", await chat.WhatsAppAsync(Founder, "INVITE 0701100003 3 SECRETARY Akinyi Atieno"));
        Assert.StartsWith("Invitation sent", await chat.WhatsAppAsync(Founder, "INVITE 0701100004 4 Kamau Njoroge"));
    }
}
