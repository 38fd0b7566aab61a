using Chama.Core;
using Chama.Data.Dashboard;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>One-time dashboard codes: sent only to officers, kept only hashed, good once, counted when wrong.</summary>
public abstract class SignInCodeTests(Engine engine) : IAsyncLifetime
{
    private const string Address = "198.51.100.7";
    private TestDatabase db = null!;
    private Umoja umoja = null!;
    private SignInCodes codes = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        codes = new SignInCodes(db.Database, db.Clock);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Only_an_officer_is_made_and_sent_a_code_and_other_phones_leave_no_row()
    {
        var sent = new List<(Member To, string Code)>();

        Assert.True(await codes.IssueAsync(umoja.Patrick.Phone, (officer, code) => Record(sent, officer, code)));
        Assert.False(await codes.IssueAsync(umoja.Samuel.Phone, (officer, code) => Record(sent, officer, code)));
        Assert.False(await codes.IssueAsync(PhoneNumber.Parse("0799000099"), (officer, code) => Record(sent, officer, code)));

        var (to, code) = Assert.Single(sent);
        Assert.Equal(umoja.Patrick.Id, to.Id);
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal(1, await db.CountAsync("sign_in_codes"));
        Assert.Equal(1, await db.CountAsync("outbound_messages"));
    }

    [Fact]
    public async Task A_phone_in_no_chama_that_asks_to_found_one_gets_a_code_and_signs_in_with_it()
    {
        var stranger = PhoneNumber.Parse("0799000099");
        string? sent = null;

        Assert.True(await codes.IssueToFounderAsync(stranger, code => sent = code));

        Assert.Matches("^[0-9]{6}$", sent);
        Assert.Equal(CodeCheck.Wrong, await codes.CheckAsync(stranger, sent == "000000" ? "000001" : "000000", Address));
        Assert.Equal(CodeCheck.SignedIn, await codes.CheckAsync(stranger, sent!, Address));
        Assert.Equal(CodeCheck.Wrong, await codes.CheckAsync(stranger, sent!, Address));
    }

    [Fact]
    public async Task A_founders_codes_count_against_the_same_limit_per_phone()
    {
        var stranger = PhoneNumber.Parse("0799000099");
        for (var i = 0; i < SignInCodes.MaxCodesPerPhone; i++)
        {
            Assert.True(await codes.IssueToFounderAsync(stranger, code => code));
        }

        Assert.False(await codes.IssueToFounderAsync(stranger, code => code));
        Assert.Equal(SignInCodes.MaxCodesPerPhone, await db.CountAsync("outbound_messages"));
    }

    [Fact]
    public async Task The_right_code_signs_in_once()
    {
        var code = await IssueToPatrickAsync();

        Assert.Equal(CodeCheck.SignedIn, await codes.CheckAsync(umoja.Patrick.Phone, code, Address));
        Assert.Equal(CodeCheck.Wrong, await codes.CheckAsync(umoja.Patrick.Phone, code, Address));
    }

    [Fact]
    public async Task A_code_is_refused_once_its_phone_is_no_longer_an_officers()
    {
        var code = await IssueToPatrickAsync();
        // Two more officers first, so that without Patrick every pot can still reach its quorum of two.
        await db.Chamas.UpdateMemberAsync(umoja.Chama.Id, umoja.Diana.Id, new NewMember("Diana Mwangi", "0733000003", 3, MemberRoles.Secretary), TestDatabase.Treasurer);
        await db.Chamas.UpdateMemberAsync(umoja.Chama.Id, umoja.Samuel.Id, new NewMember("Samuel Kimani", "0711000004", 4, MemberRoles.Secretary), TestDatabase.Treasurer);
        await db.Chamas.UpdateMemberAsync(umoja.Chama.Id, umoja.Patrick.Id, new NewMember("Patrick Ochieng", "0722000002", 2), TestDatabase.Treasurer);

        Assert.Equal(CodeCheck.Wrong, await codes.CheckAsync(umoja.Patrick.Phone, code, Address));
    }

    [Fact]
    public async Task Only_the_newest_code_counts()
    {
        var first = await IssueToPatrickAsync();
        var second = await IssueToPatrickAsync();

        Assert.Equal(first == second ? CodeCheck.SignedIn : CodeCheck.Wrong, await codes.CheckAsync(umoja.Patrick.Phone, first, Address));
        Assert.Equal(first == second ? CodeCheck.Wrong : CodeCheck.SignedIn, await codes.CheckAsync(umoja.Patrick.Phone, second, Address));
    }

    [Fact]
    public async Task Wrong_codes_lock_the_phone_until_the_window_passes()
    {
        var code = await IssueToPatrickAsync();
        var wrong = code == "999999" ? "999998" : "999999";
        for (var i = 0; i < SignInCodes.MaxFailuresPerPhone; i++)
        {
            Assert.Equal(CodeCheck.Wrong, await codes.CheckAsync(umoja.Patrick.Phone, wrong, $"203.0.113.{i}"));
        }

        Assert.Equal(CodeCheck.Locked, await codes.CheckAsync(umoja.Patrick.Phone, code, Address));
        db.Clock.Advance(SignInCodes.Window);
        Assert.Equal(CodeCheck.SignedIn, await codes.CheckAsync(umoja.Patrick.Phone, await IssueToPatrickAsync(), Address));
    }

    [Fact]
    public async Task A_phone_with_twenty_wrong_codes_in_a_day_is_locked_until_the_day_has_passed()
    {
        var code = await IssueToPatrickAsync();
        var wrong = code == "999999" ? "999998" : "999999";
        for (var i = 0; i < SignInCodes.MaxFailuresPerPhonePerDay; i++)
        {
            if (i > 0 && i % SignInCodes.MaxFailuresPerPhone == 0)
            {
                db.Clock.Advance(SignInCodes.Window);
            }

            Assert.Equal(CodeCheck.Wrong, await codes.CheckAsync(umoja.Patrick.Phone, wrong, $"203.0.113.{i}"));
        }

        db.Clock.Advance(SignInCodes.Window);
        Assert.Equal(CodeCheck.Locked, await codes.CheckAsync(umoja.Patrick.Phone, await IssueToPatrickAsync(), Address));
        db.Clock.Advance(SignInCodes.Day);
        Assert.Equal(CodeCheck.SignedIn, await codes.CheckAsync(umoja.Patrick.Phone, await IssueToPatrickAsync(), Address));
    }

    private async Task<string> IssueToPatrickAsync()
    {
        var sent = new List<(Member To, string Code)>();
        Assert.True(await codes.IssueAsync(umoja.Patrick.Phone, (officer, code) => Record(sent, officer, code)));
        return Assert.Single(sent).Code;
    }

    private static string Record(List<(Member To, string Code)> sent, Member officer, string code)
    {
        sent.Add((officer, code));
        return $"code {code}";
    }
}

public sealed class SqliteSignInCodeTests() : SignInCodeTests(Engine.Sqlite);

public sealed class PostgresSignInCodeTests() : SignInCodeTests(Engine.Postgres);
