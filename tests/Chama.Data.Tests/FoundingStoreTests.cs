using Chama.Core;
using Chama.Core.Founding;
using Chama.Data.Founding;
using Chama.Data.Outbox;
using Chama.Tests;
using Dapper;

namespace Chama.Data.Tests;

/// <summary>
/// A phone founds a chama from a set-up draft: one write that creates the chama, its rules and the founder as chair, once
/// per message and per code; at most three a day; an abandoned draft expires and leaves nothing; and, when the operator
/// requires it, the chama waits for their approval.
/// </summary>
public abstract class FoundingStoreTests(Engine engine) : IAsyncLifetime
{
    private static readonly PhoneNumber Founder = PhoneNumber.Parse("0799000099");
    private static readonly PhoneNumber Other = PhoneNumber.Parse("0788000088");
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync(engine);

    public async Task DisposeAsync() => await db.DisposeAsync();

    private FoundingStore Store(bool open = true, bool requireApproval = false) =>
        new(db.Database, db.Clock, new OnboardingOptions { Open = open, RequireApproval = requireApproval });

    /// <summary>Answers every step of a set-up for <paramref name="phone"/>, up to the summary.</summary>
    private static async Task FinishSetupAsync(FoundingStore store, PhoneNumber phone, string code)
    {
        await store.StartAsync(phone, Language.En, "whatsapp");
        foreach (var answer in new[] { "Jirani Savers", code, "5,000", "monthly", "2026-02-01", "Achieng Otieno", "1", "3 200", "OK" })
        {
            await store.AnswerAsync(phone, answer);
        }
    }

    [Fact]
    public async Task Founding_creates_the_chama_its_rules_and_the_founder_as_chair_in_one_write()
    {
        var store = Store();
        await FinishSetupAsync(store, Founder, "JIRANI");

        var founded = await store.FoundAsync(Founder, "whatsapp:SM1:found", "whatsapp");

        var chama = await db.Chamas.FindChamaByCodeAsync("JIRANI");
        Assert.NotNull(chama);
        Assert.Equal(("Jirani Savers", Money.Kes(5_000), Money.Kes(200), new DateOnly(2026, 2, 1), false),
            (chama.Name, chama.Constitution.ContributionAmount, chama.Constitution.LateFine, chama.FirstMeeting, chama.AwaitsApproval));
        var member = Assert.Single(await db.Chamas.GetMembersAsync(chama.Id));
        Assert.Equal(("Achieng Otieno", Founder, 1, MemberRoles.Chair), (member.Name, member.Phone, member.Seat, member.Roles));
        Assert.Equal(member.Id, founded.Founder.Id);
        Assert.False(founded.Repeated);
        var audit = await db.Database.ReadAsync((c, t) => c.QuerySingleAsync<string>("SELECT subject FROM audit_log WHERE action = 'chama.founded';", transaction: t));
        Assert.Equal($"by {Founder.Masked} member:{member.Id}", audit);
        Assert.DoesNotContain(Founder.E164, audit, StringComparison.Ordinal);
        Assert.False((await store.FindAsync(Founder))!.IsOpen);
    }

    [Fact]
    public async Task The_same_message_again_answers_the_chama_it_founded_without_founding_twice()
    {
        var store = Store();
        await FinishSetupAsync(store, Founder, "JIRANI");

        var first = await store.FoundAsync(Founder, "whatsapp:SM1:found", "whatsapp");
        var again = await store.FoundAsync(Founder, "whatsapp:SM1:found", "whatsapp");
        var another = await Assert.ThrowsAsync<ChamaException>(() => store.FoundAsync(Founder, "whatsapp:SM2:found", "whatsapp"));

        Assert.Equal((first.Chama.Id, true), (again.Chama.Id, again.Repeated));
        Assert.Equal(ChamaError.NoOpenSetup, another.Error);
        Assert.Equal(1, await db.CountAsync("chamas"));
        Assert.Equal(1, await db.CountAsync("members"));
    }

    [Fact]
    public async Task A_code_taken_after_it_was_chosen_is_refused_at_founding_and_nothing_is_created()
    {
        var store = Store();
        await FinishSetupAsync(store, Founder, "JIRANI");
        await FinishSetupAsync(store, Other, "JIRANI");
        await store.FoundAsync(Other, "whatsapp:SM9:found", "whatsapp");

        var refused = await Assert.ThrowsAsync<ChamaException>(() => store.FoundAsync(Founder, "whatsapp:SM1:found", "whatsapp"));

        Assert.Equal(ChamaError.ChamaCodeTaken, refused.Error);
        Assert.Equal(1, await db.CountAsync("chamas"));
        Assert.Equal(1, await db.CountAsync("members"));
        Assert.True((await store.FindAsync(Founder))!.IsOpen);
        var toCode = await store.BackAsync(Founder, SetupStep.Code);
        Assert.Equal((SetupStep.Code, (int?)1), (toCode.Setup.Step, toCode.Setup.Answers.Seat));
    }

    [Fact]
    public async Task A_code_already_used_is_refused_at_its_step_and_the_step_stays()
    {
        await db.SeedUmojaAsync();
        var store = Store();
        await store.StartAsync(Founder, Language.En, "whatsapp");
        await store.AnswerAsync(Founder, "Jirani Savers");

        var refused = await Assert.ThrowsAsync<ChamaException>(() => store.AnswerAsync(Founder, "umoja"));

        Assert.Equal(ChamaError.ChamaCodeTaken, refused.Error);
        Assert.Equal(SetupStep.Code, (await store.FindAsync(Founder))!.Setup.Step);
    }

    [Fact]
    public async Task A_wrong_answer_changes_nothing_in_the_draft()
    {
        var store = Store();
        await store.StartAsync(Founder, Language.Sw, "whatsapp");
        await store.AnswerAsync(Founder, "Jirani Savers");
        var before = await store.FindAsync(Founder);
        db.Clock.Advance(TimeSpan.FromMinutes(1));

        var refused = await Assert.ThrowsAsync<ChamaException>(() => store.AnswerAsync(Founder, "1X"));

        Assert.Equal(ChamaError.InvalidChamaCode, refused.Error);
        var after = await store.FindAsync(Founder);
        Assert.Equal((before!.Setup.Step, before.Setup.Answers.Name, before.Setup.Answers.Code, before.UpdatedAt), (after!.Setup.Step, after.Setup.Answers.Name, after.Setup.Answers.Code, after.UpdatedAt));
    }

    [Fact]
    public async Task Going_back_keeps_the_answers_and_starting_again_resumes_the_open_draft()
    {
        var store = Store();
        await store.StartAsync(Founder, Language.En, "whatsapp");
        await store.AnswerAsync(Founder, "Jirani Savers");
        await store.AnswerAsync(Founder, "JIRANI");

        var back = await store.BackAsync(Founder);
        var resumed = await store.StartAsync(Founder, Language.Sw, "whatsapp");

        Assert.Equal(SetupStep.Code, back.Setup.Step);
        Assert.Equal((SetupStep.Code, "JIRANI", Language.Sw), (resumed.Setup.Step, resumed.Setup.Answers.Code, resumed.Language));
        Assert.Equal(1, await db.CountAsync("chama_setups"));
    }

    [Fact]
    public async Task Cancelling_deletes_the_open_draft()
    {
        var store = Store();
        await store.StartAsync(Founder, Language.En, "whatsapp");

        Assert.True(await store.CancelAsync(Founder));
        Assert.False(await store.CancelAsync(Founder));
        Assert.Null(await store.FindAsync(Founder));
        Assert.Equal(ChamaError.NoOpenSetup, (await Assert.ThrowsAsync<ChamaException>(() => store.AnswerAsync(Founder, "Jirani"))).Error);
    }

    [Fact]
    public async Task Founding_before_every_step_is_answered_is_refused()
    {
        var store = Store();
        await store.StartAsync(Founder, Language.En, "whatsapp");
        await store.AnswerAsync(Founder, "Jirani Savers");

        var refused = await Assert.ThrowsAsync<ChamaException>(() => store.FoundAsync(Founder, "whatsapp:SM1:found", "whatsapp"));

        Assert.Equal(ChamaError.SetupIncomplete, refused.Error);
        Assert.Equal(0, await db.CountAsync("chamas"));
    }

    [Fact]
    public async Task Self_service_off_refuses_to_start_and_to_found()
    {
        var open = Store();
        await FinishSetupAsync(open, Founder, "JIRANI");
        var closed = Store(open: false);

        Assert.Equal(ChamaError.OnboardingClosed, (await Assert.ThrowsAsync<ChamaException>(() => closed.StartAsync(Other, Language.En, "whatsapp"))).Error);
        Assert.Equal(ChamaError.OnboardingClosed, (await Assert.ThrowsAsync<ChamaException>(() => closed.FoundAsync(Founder, "whatsapp:SM1:found", "whatsapp"))).Error);
        Assert.Equal(0, await db.CountAsync("chamas"));
    }

    [Fact]
    public async Task A_phone_founds_at_most_three_chamas_in_24_hours()
    {
        var store = Store();
        foreach (var code in new[] { "JIRANI", "TUMAINI", "UPENDO" })
        {
            await FinishSetupAsync(store, Founder, code);
            await store.FoundAsync(Founder, $"whatsapp:{code}:found", "whatsapp");
            db.Clock.Advance(TimeSpan.FromHours(1));
        }

        var fourth = await Assert.ThrowsAsync<ChamaException>(() => store.StartAsync(Founder, Language.En, "whatsapp"));
        db.Clock.Advance(TimeSpan.FromHours(21));
        var nextDay = await store.StartAsync(Founder, Language.En, "whatsapp");

        Assert.Equal(ChamaError.FoundingLimitReached, fourth.Error);
        Assert.True(nextDay.IsOpen);
        Assert.Equal(3, await db.CountAsync("chamas"));
    }

    [Fact]
    public async Task A_draft_abandoned_for_seven_days_is_deleted_and_leaves_no_chama()
    {
        var store = Store();
        await FinishSetupAsync(store, Founder, "JIRANI");
        db.Clock.Advance(TimeSpan.FromDays(6));
        await store.StartAsync(Other, Language.En, "whatsapp");

        Assert.Equal(0, await store.DeleteExpiredAsync());
        db.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await store.DeleteExpiredAsync());

        Assert.Null(await store.FindAsync(Founder));
        Assert.NotNull(await store.FindAsync(Other));
        Assert.Equal(0, await db.CountAsync("chamas"));
        Assert.Equal(0, await db.CountAsync("members"));
    }

    [Fact]
    public async Task With_approval_required_the_chama_waits_until_the_operator_approves_and_the_founder_is_told()
    {
        var store = Store(requireApproval: true);
        await FinishSetupAsync(store, Founder, "JIRANI");

        var founded = await store.FoundAsync(Founder, "whatsapp:SM1:found", "whatsapp");
        Assert.True(founded.Chama.AwaitsApproval);
        Assert.True((await db.Chamas.FindChamaByCodeAsync("JIRANI"))!.AwaitsApproval);

        var approved = await store.ApproveAsync("jirani", Actor.System("cli"), (chama, founder) => new OutboundMessage($"approved:{chama.Id}", chama.Id, founder.Id, founder.Phone, "approved"));
        var again = await Assert.ThrowsAsync<ChamaException>(() => store.ApproveAsync("JIRANI", Actor.System("cli"), (c, f) => throw new InvalidOperationException()));
        var unknown = await Assert.ThrowsAsync<ChamaException>(() => store.ApproveAsync("NONE", Actor.System("cli"), (c, f) => throw new InvalidOperationException()));

        Assert.False(approved.AwaitsApproval);
        db.Chamas.Forget(approved.Id);
        Assert.False((await db.Chamas.FindChamaByCodeAsync("JIRANI"))!.AwaitsApproval);
        Assert.Equal((ChamaError.NotAwaitingApproval, ChamaError.UnknownChama), (again.Error, unknown.Error));
        Assert.Equal(Founder.E164, await db.Database.ReadAsync((c, t) => c.QuerySingleAsync<string>("SELECT phone FROM outbound_messages;", transaction: t)));
        Assert.Equal(1, await db.CountAsync("audit_log WHERE action = 'chama.approved'"));
    }
}

public sealed class SqliteFoundingStoreTests() : FoundingStoreTests(Engine.Sqlite);

public sealed class PostgresFoundingStoreTests() : FoundingStoreTests(Engine.Postgres);
