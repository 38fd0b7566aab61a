using Chama.Core;
using Chama.Core.Founding;
using Chama.Data.Chamas;
using Chama.Data.Dashboard;
using Chama.Data.Founding;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>
/// Two hosts on one database, each with its own database object, doing the same thing at the same moment: writes tied to
/// no chama (sign-in codes, a phone's set-up draft) and a new chama's code still come out as if one had gone first.
/// </summary>
public abstract class TwoHostsAtOnceTests(Engine engine) : IAsyncLifetime
{
    private const string Address = "198.51.100.7";
    private static readonly PhoneNumber Founder = PhoneNumber.Parse("0799000099");
    private TestDatabase db = null!;
    private IDatabase second = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        second = db.Open();

        // The second host's first connection is opened now, so that its writes start as soon as the first host's do.
        Assert.True(await second.IsReadyAsync());
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncDisposable)second).DisposeAsync();
        await db.DisposeAsync();
    }

    [Fact]
    public async Task Two_hosts_using_one_sign_in_code_at_once_sign_in_once()
    {
        var umoja = await db.SeedUmojaAsync();
        var code = await IssueAsync(umoja.Patrick.Phone);

        var checks = await TogetherAsync(
            () => new SignInCodes(db.Database, db.Clock).CheckAsync(umoja.Patrick.Phone, code, Address),
            () => new SignInCodes(second, db.Clock).CheckAsync(umoja.Patrick.Phone, code, Address));

        Assert.Equal([CodeCheck.SignedIn, CodeCheck.Wrong], checks.Order());
    }

    [Fact]
    public async Task Wrong_codes_sent_to_two_hosts_at_once_are_checked_no_more_often_than_the_limit_allows()
    {
        var umoja = await db.SeedUmojaAsync();
        var code = await IssueAsync(umoja.Patrick.Phone);
        var wrong = ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var hosts = new[] { new SignInCodes(db.Database, db.Clock), new SignInCodes(second, db.Clock) };

        var checks = await TogetherAsync(
            Enumerable.Range(0, 2 * SignInCodes.MaxFailuresPerPhone)
                .Select(i => (Func<Task<CodeCheck>>)(() => hosts[i % 2].CheckAsync(umoja.Patrick.Phone, wrong, $"198.51.100.{i}")))
                .ToArray());

        Assert.Equal(SignInCodes.MaxFailuresPerPhone, checks.Count(c => c == CodeCheck.Wrong));
        Assert.Equal(SignInCodes.MaxFailuresPerPhone, checks.Count(c => c == CodeCheck.Locked));
        Assert.Equal(SignInCodes.MaxFailuresPerPhone, await db.CountAsync("sign_in_failures"));
    }

    [Fact]
    public async Task Two_hosts_asking_for_codes_for_one_phone_at_once_make_no_more_than_the_limit()
    {
        var umoja = await db.SeedUmojaAsync();
        var hosts = new[] { new SignInCodes(db.Database, db.Clock), new SignInCodes(second, db.Clock) };

        var issued = await TogetherAsync(
            Enumerable.Range(0, 2 * SignInCodes.MaxCodesPerPhone)
                .Select(i => (Func<Task<bool>>)(() => hosts[i % 2].IssueAsync(umoja.Patrick.Phone, (_, code) => $"code {code}")))
                .ToArray());

        Assert.Equal(SignInCodes.MaxCodesPerPhone, issued.Count(made => made));
        Assert.Equal(SignInCodes.MaxCodesPerPhone, await db.CountAsync("sign_in_codes"));
    }

    [Fact]
    public async Task Two_hosts_founding_one_draft_with_one_message_at_once_found_one_chama()
    {
        await FinishSetupAsync(Founding(db.Database), "JIRANI");

        var founded = await TogetherAsync(
            () => Founding(db.Database).FoundAsync(Founder, "whatsapp:SM1:found", "whatsapp"),
            () => Founding(second).FoundAsync(Founder, "whatsapp:SM1:found", "whatsapp"));

        Assert.Equal([false, true], founded.Select(f => f.Repeated).Order());
        Assert.Single(founded.Select(f => f.Chama.Id).Distinct());
        Assert.Equal((1, 1), (await db.CountAsync("chamas"), await db.CountAsync("members")));
    }

    [Fact]
    public async Task Two_answers_of_one_phone_handled_at_once_by_two_hosts_answer_two_steps()
    {
        await Founding(db.Database).StartAsync(Founder, Language.En, "whatsapp");

        await TogetherAsync(
            () => Founding(db.Database).AnswerAsync(Founder, "JIRANI"),
            () => Founding(second).AnswerAsync(Founder, "TUMAINI"));

        var draft = (await Founding(db.Database).FindAsync(Founder))!;
        Assert.Equal(SetupStep.Contribution, draft.Setup.Step);
        Assert.Equal(["JIRANI", "TUMAINI"], new[] { draft.Setup.Answers.Name!, draft.Setup.Answers.Code! }.Order());
    }

    [Fact]
    public async Task Two_messages_opening_a_set_up_for_one_phone_at_once_open_one()
    {
        var opened = await TogetherAsync(
            () => Founding(db.Database).StartAsync(Founder, Language.En, "whatsapp"),
            () => Founding(second).StartAsync(Founder, Language.Sw, "ussd"));

        Assert.All(opened, draft => Assert.Equal(SetupStep.Name, draft.Setup.Step));
        Assert.Equal(1, await db.CountAsync("chama_setups"));
    }

    [Fact]
    public async Task Two_chamas_created_at_once_with_one_code_make_one_and_refuse_the_other_as_taken()
    {
        var outcomes = await TogetherAsync(
            () => CreateAsync(db.Database, "Umoja Investment Club"),
            () => CreateAsync(second, "Umoja Wa Pili"));

        Assert.Single(outcomes, refusal => refusal is null);
        Assert.Single(outcomes, refusal => refusal == ChamaError.ChamaCodeTaken);
        Assert.Equal(1, await db.CountAsync("chamas WHERE code = 'UMOJA'"));
        Assert.Equal(1, await db.CountAsync("constitutions"));
    }

    private async Task<ChamaError?> CreateAsync(IDatabase host, string name)
    {
        try
        {
            await new ChamaStore(host, db.Clock).CreateChamaAsync(name, "UMOJA", Constitution.Monthly(Money.Kes(10_000)), TestDatabase.Treasurer);
            return null;
        }
        catch (ChamaException refused)
        {
            return refused.Error;
        }
    }

    private FoundingStore Founding(IDatabase host) => new(host, db.Clock, new OnboardingOptions { Open = true });

    private static async Task FinishSetupAsync(FoundingStore store, string code)
    {
        await store.StartAsync(Founder, Language.En, "whatsapp");
        foreach (var answer in new[] { "Jirani Savers", code, "5,000", "monthly", "2026-02-01", "Achieng Otieno", "1", "OK" })
        {
            await store.AnswerAsync(Founder, answer);
        }
    }

    private async Task<string> IssueAsync(PhoneNumber phone)
    {
        string? sent = null;
        Assert.True(await new SignInCodes(db.Database, db.Clock).IssueAsync(phone, (_, code) => sent = code));
        return sent!;
    }

    /// <summary>Runs every piece of work on its own thread, all released by one barrier so that they overlap.</summary>
    private static async Task<T[]> TogetherAsync<T>(params Func<Task<T>>[] works)
    {
        using var barrier = new Barrier(works.Length);
        return await Task.WhenAll(works.Select(work => Task.Run(async () =>
        {
            barrier.SignalAndWait();
            return await work();
        })));
    }
}

public sealed class SqliteTwoHostsAtOnceTests() : TwoHostsAtOnceTests(Engine.Sqlite);

public sealed class PostgresTwoHostsAtOnceTests() : TwoHostsAtOnceTests(Engine.Postgres);
