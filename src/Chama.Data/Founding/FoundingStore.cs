using System.Data.Common;
using Chama.Core;
using Chama.Core.Founding;
using Chama.Data.Chamas;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.Founding;

/// <summary>
/// Chamas founded by phones themselves (NEW CHAMA, and the dashboard's sign-up): a set-up draft per phone answered step
/// by step (<see cref="ChamaSetup"/>), then founded in one write. Every method takes the answer as typed, so the chat and
/// a web form drive the same steps.
/// </summary>
/// <remarks>
/// A draft belongs to a phone, not to a chama, so no chama is entered for it. Each write that reads the draft to decide
/// what to write first claims the phone's draft row (<see cref="ClaimAsync"/>): two messages of one phone handled at once,
/// by one host or two, then take their turns on that row, and the second reads what the first wrote.
/// </remarks>
public sealed class FoundingStore(IDatabase database, TimeProvider clock, OnboardingOptions options)
{
    /// <summary>How many chamas one phone may found in 24 hours.</summary>
    public const int DailyLimit = 3;

    /// <summary>A draft not answered for this long is abandoned and deleted; it never leaves a chama behind.</summary>
    public static readonly TimeSpan DraftLifetime = TimeSpan.FromDays(7);

    private static readonly TimeSpan LimitWindow = TimeSpan.FromHours(24);

    private const string Columns = "phone, step, answers, language, channel, created_at, updated_at, founded_chama_id, founded_by_key";

    public bool RequiresApproval => options.RequireApproval;

    /// <summary>Whether phones may found chamas themselves (<c>Onboarding:Open</c>).</summary>
    public bool IsOpen => options.Open;

    /// <summary>
    /// Opens a set-up for <paramref name="phone"/>, or resumes its open one (answered from now on in
    /// <paramref name="language"/>). Refused with <see cref="ChamaError.OnboardingClosed"/> when self-service is off and
    /// <see cref="ChamaError.FoundingLimitReached"/> when the phone founded <see cref="DailyLimit"/> chamas in 24 hours.
    /// </summary>
    public Task<SetupDraft> StartAsync(PhoneNumber phone, Language language, string channel, CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                if (await ClaimAsync(transaction, phone) is { IsOpen: true } open)
                {
                    return await ResumeAsync(transaction, open, language, now);
                }

                await EnsureUnderLimitAsync(transaction, phone, now);
                // A founded draft, kept for its message's retries, gives way to the new set-up.
                await connection.ExecuteAsync("DELETE FROM chama_setups WHERE phone = @Phone AND founded_chama_id IS NOT NULL;", new { Phone = phone.E164 }, transaction);
                var draft = new SetupDraft(phone, ChamaSetup.New(), language, channel, now, now, null, null);

                // The phone had no draft to claim: another message of the phone may be opening one at this moment. Its
                // insert is waited for, and then this one does nothing, and the set-up it opened is resumed.
                var inserted = await connection.ExecuteAsync(
                    $"""
                    INSERT INTO chama_setups ({Columns})
                    VALUES (@Phone, @Step, @Answers, @Language, @Channel, @At, @At, NULL, NULL)
                    ON CONFLICT (phone) DO NOTHING;
                    """,
                    new
                    {
                        Phone = phone.E164,
                        Step = draft.Setup.Step.ToString(),
                        Answers = SetupAnswersJson.Write(draft.Setup.Answers),
                        Language = language.ToString(),
                        Channel = channel,
                        At = now.ToUnixTimeMilliseconds(),
                    },
                    transaction);
                if (inserted == 0)
                {
                    return await ClaimAsync(transaction, phone) is { IsOpen: true } opened
                        ? await ResumeAsync(transaction, opened, language, now)
                        : throw NoOpenSetup();
                }

                return draft;
            },
            cancellationToken);
    }

    private static async Task<SetupDraft> ResumeAsync(DbTransaction transaction, SetupDraft open, Language language, DateTimeOffset now)
    {
        var resumed = open with { Language = language, UpdatedAt = now };
        await SaveAsync(transaction, resumed);
        return resumed;
    }

    /// <summary>The phone's draft: open, or the one that founded a chama (until a new set-up or expiry replaces it); null when none.</summary>
    public Task<SetupDraft?> FindAsync(PhoneNumber phone, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => FindAsync(transaction, phone), cancellationToken);

    /// <summary>
    /// Takes <paramref name="input"/> as the answer to the open draft's step (<see cref="ChamaSetup.Answer"/>). Refused
    /// with <see cref="ChamaError.NoOpenSetup"/> when there is none, with the step's own error when the answer is wrong,
    /// and with <see cref="ChamaError.ChamaCodeTaken"/> when the code chosen is another chama's. A refusal changes nothing.
    /// </summary>
    public Task<SetupDraft> AnswerAsync(PhoneNumber phone, string input, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = NairobiTime.Today(clock);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var draft = await OpenDraftAsync(transaction, phone);
                var answered = draft.Setup.Answer(input, today);
                if (draft.Setup.Step == SetupStep.Code && await ChamaStore.FindByCodeAsync(connection, transaction, answered.Answers.Code!) is not null)
                {
                    throw new ChamaException(ChamaError.ChamaCodeTaken, $"The code {answered.Answers.Code} is already used by another chama.");
                }

                var saved = draft with { Setup = answered, UpdatedAt = now };
                await SaveAsync(transaction, saved);
                return saved;
            },
            cancellationToken);
    }

    /// <summary>
    /// Goes back one step of the open draft, or to <paramref name="to"/> when given (an earlier step), its answers kept;
    /// refused with <see cref="ChamaError.NoOpenSetup"/> when there is none.
    /// </summary>
    public Task<SetupDraft> BackAsync(PhoneNumber phone, SetupStep? to = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (_, transaction) =>
            {
                var draft = await OpenDraftAsync(transaction, phone);
                var saved = draft with { Setup = to is { } step ? draft.Setup.BackTo(step) : draft.Setup.Back(), UpdatedAt = now };
                await SaveAsync(transaction, saved);
                return saved;
            },
            cancellationToken);
    }

    /// <summary>Abandons the phone's open draft; false when it had none. Nothing was created, so nothing is left behind.</summary>
    public Task<bool> CancelAsync(PhoneNumber phone, CancellationToken cancellationToken = default) =>
        database.WriteAsync(
            async (connection, transaction) => await connection.ExecuteAsync(
                "DELETE FROM chama_setups WHERE phone = @Phone AND founded_chama_id IS NULL;", new { Phone = phone.E164 }, transaction) == 1,
            cancellationToken);

    /// <summary>
    /// Founds the chama of the phone's finished draft in one write: the chama and its constitution, the founder as a
    /// member with the chair's role (a founding the system justifies, audited with the phone masked), and the draft closed
    /// under <paramref name="key"/>. The same key again answers the chama it founded (a retried message founds once).
    /// Refused with <see cref="ChamaError.OnboardingClosed"/>, <see cref="ChamaError.NoOpenSetup"/>,
    /// <see cref="ChamaError.SetupIncomplete"/>, <see cref="ChamaError.FoundingLimitReached"/> or
    /// <see cref="ChamaError.ChamaCodeTaken"/> (the code was taken since it was chosen); a refusal creates nothing. With
    /// <c>Onboarding:RequireApproval</c> the chama waits for the operator (<see cref="ChamaGroup.AwaitsApproval"/>).
    /// </summary>
    public Task<FoundedChama> FoundAsync(PhoneNumber phone, string key, string channel, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var actor = Actor.System(channel);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var claimed = await ClaimAsync(transaction, phone);
                if (claimed is { IsOpen: false } done && done.FoundedByKey == key)
                {
                    return await RepeatedAsync(transaction, done);
                }

                EnsureOpen();
                var draft = claimed is { IsOpen: true } open
                    ? open
                    : throw NoOpenSetup();
                var founding = draft.Setup.ToFounding();
                await EnsureUnderLimitAsync(transaction, phone, now);
                var founded = new FoundedBy(phone, founding.FirstMeeting, options.RequireApproval);
                var chama = await ChamaStore.InsertChamaAsync(transaction, founding.Name, founding.Code, founding.Rules, actor, now, founded);
                var founder = await ChamaStore.InsertMemberAsync(
                    transaction, chama.Id, new NewMember(founding.FounderName, phone.E164, founding.Seat, MemberRoles.Chair, draft.Language), actor, now);
                await Audit.RecordAsync(
                    transaction, chama.Id, actor, "chama.founded", $"by {phone.Masked} member:{founder.Id}{(chama.AwaitsApproval ? " awaiting approval" : "")}", now);
                await connection.ExecuteAsync(
                    "UPDATE chama_setups SET founded_chama_id = @ChamaId, founded_by_key = @key, updated_at = @At WHERE phone = @Phone;",
                    new { ChamaId = chama.Id, key, At = now.ToUnixTimeMilliseconds(), Phone = phone.E164 },
                    transaction);
                return new FoundedChama(chama, founder, Repeated: false);
            },
            cancellationToken);
    }

    /// <summary>
    /// The operator's approval of a chama founded while <c>Onboarding:RequireApproval</c> was on: from now on it may be
    /// used. The founder is told in the same write (<paramref name="notice"/> makes the message). Refused with
    /// <see cref="ChamaError.UnknownChama"/> for no such code and <see cref="ChamaError.NotAwaitingApproval"/> when it
    /// does not wait.
    /// </summary>
    public Task<ChamaGroup> ApproveAsync(string code, Actor actor, Func<ChamaGroup, Member, OutboundMessage> notice, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var wanted = (code ?? "").Trim().ToUpperInvariant();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var found = await ChamaStore.FindByCodeAsync(connection, transaction, wanted)
                    ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {wanted}.");

                // Found by its code: entered, then read again, so two approvals at once approve it once.
                await WriteScope.EnterChamaAsync(transaction, found.Id);
                var chama = (await ChamaStore.FindByCodeAsync(connection, transaction, wanted))!;
                if (!chama.AwaitsApproval)
                {
                    throw new ChamaException(ChamaError.NotAwaitingApproval, $"{chama.Code} does not wait for an approval.");
                }

                await connection.ExecuteAsync(
                    "UPDATE chamas SET awaiting_approval = 0, approved_at = @At WHERE id = @Id;", new { At = now.ToUnixTimeMilliseconds(), chama.Id }, transaction);
                await Audit.RecordAsync(transaction, chama.Id, actor, "chama.approved", chama.Code, now);
                var approved = chama with { AwaitsApproval = false };
                if (await FounderAsync(transaction, chama.Id) is { } founder)
                {
                    await Outbox.Outbox.EnqueueAsync(transaction, notice(approved, founder), now);
                }

                return approved;
            },
            cancellationToken);
    }

    /// <summary>Deletes drafts not answered for <see cref="DraftLifetime"/>; returns how many. Chamas already founded stay.</summary>
    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = (clock.GetUtcNow() - DraftLifetime).ToUnixTimeMilliseconds();
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync("DELETE FROM chama_setups WHERE updated_at <= @cutoff;", new { cutoff }, transaction),
            cancellationToken);
    }

    private void EnsureOpen()
    {
        if (!options.Open)
        {
            throw new ChamaException(ChamaError.OnboardingClosed, "Founding a chama from a phone is turned off here: the operator creates chamas.");
        }
    }

    /// <summary>Counted in the database, so the limit holds across hosts and restarts.</summary>
    private static async Task EnsureUnderLimitAsync(DbTransaction transaction, PhoneNumber phone, DateTimeOffset now)
    {
        var since = (now - LimitWindow).ToUnixTimeMilliseconds();
        var founded = await transaction.Connection!.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM chamas WHERE founded_by_phone = @Phone AND founded_at > @since;", new { Phone = phone.E164, since }, transaction);
        if (founded >= DailyLimit)
        {
            throw new ChamaException(ChamaError.FoundingLimitReached, $"{phone.Masked} founded {founded} chamas in the last 24 hours: {DailyLimit} is the most.");
        }
    }

    private static ChamaException NoOpenSetup() =>
        new(ChamaError.NoOpenSetup, "There is no chama set-up open for this phone: start with NEW CHAMA.");

    /// <summary>The phone's open draft, claimed (<see cref="ClaimAsync"/>) for the caller's write.</summary>
    private static async Task<SetupDraft> OpenDraftAsync(DbTransaction transaction, PhoneNumber phone) =>
        await ClaimAsync(transaction, phone) is { IsOpen: true } draft
            ? draft
            : throw NoOpenSetup();

    private static async Task<FoundedChama> RepeatedAsync(DbTransaction transaction, SetupDraft done)
    {
        var connection = transaction.Connection!;
        var chama = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @Id;", new { Id = done.FoundedChamaId }, transaction)).ToChama();
        var founder = (await connection.QuerySingleAsync<MemberRow>(
            $"{MemberRow.Select} WHERE chama_id = @ChamaId AND phone = @Phone;", new { ChamaId = chama.Id, Phone = done.Phone.E164 }, transaction)).ToMember();
        return new FoundedChama(chama, founder, Repeated: true);
    }

    private static async Task<Member?> FounderAsync(DbTransaction transaction, long chamaId) =>
        (await transaction.Connection!.QuerySingleOrDefaultAsync<MemberRow>(
            $"{MemberRow.Select} WHERE chama_id = @chamaId AND phone = (SELECT founded_by_phone FROM chamas WHERE id = @chamaId);", new { chamaId }, transaction))?.ToMember();

    /// <summary>
    /// Claims the phone's draft row for the caller's write, then reads it. The claim is an update that changes nothing:
    /// it holds the row until the commit, so a second write of the same phone waits here and then reads the draft as the
    /// first left it, never a step the first had already answered. Null when the phone has no draft.
    /// </summary>
    private static async Task<SetupDraft?> ClaimAsync(DbTransaction transaction, PhoneNumber phone)
    {
        await transaction.Connection!.ExecuteAsync(
            "UPDATE chama_setups SET updated_at = updated_at WHERE phone = @Phone;", new { Phone = phone.E164 }, transaction);
        return await FindAsync(transaction, phone);
    }

    private static async Task<SetupDraft?> FindAsync(DbTransaction transaction, PhoneNumber phone) =>
        (await transaction.Connection!.QuerySingleOrDefaultAsync<DraftRow>(
            $"SELECT {Columns} FROM chama_setups WHERE phone = @Phone;", new { Phone = phone.E164 }, transaction))?.ToDraft();

    private static Task SaveAsync(DbTransaction transaction, SetupDraft draft) =>
        transaction.Connection!.ExecuteAsync(
            "UPDATE chama_setups SET step = @Step, answers = @Answers, language = @Language, updated_at = @At WHERE phone = @Phone;",
            new
            {
                Step = draft.Setup.Step.ToString(),
                Answers = SetupAnswersJson.Write(draft.Setup.Answers),
                Language = draft.Language.ToString(),
                At = draft.UpdatedAt.ToUnixTimeMilliseconds(),
                Phone = draft.Phone.E164,
            },
            transaction);

    private sealed class DraftRow
    {
        public string Phone { get; init; } = "";
        public string Step { get; init; } = "";
        public string Answers { get; init; } = "";
        public string Language { get; init; } = "";
        public string Channel { get; init; } = "";
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }
        public long? FoundedChamaId { get; init; }
        public string? FoundedByKey { get; init; }

        public SetupDraft ToDraft() => new(
            PhoneNumber.FromStored(Phone),
            new ChamaSetup(Enum.Parse<SetupStep>(Step), SetupAnswersJson.Read(Answers)),
            Enum.Parse<Core.Language>(Language),
            Channel,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
            FoundedChamaId,
            FoundedByKey);
    }
}
