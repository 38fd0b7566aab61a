using System.Collections.Concurrent;
using System.Data.Common;
using Chama.Core;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.Chamas;

/// <summary>Chamas, their constitutions and their members.</summary>
public sealed class ChamaStore(IDatabase database, TimeProvider clock)
{
    /// <summary>
    /// How long a chama read by id is answered from memory. A chama's name and code are written when it is created and
    /// not changed since; a new constitution version made in this process forgets the chama (<see cref="Forget"/>), and
    /// the expiry bounds how long a change made some other way, or by another host, goes unseen. Nothing about money is
    /// kept here.
    /// </summary>
    public static readonly TimeSpan ChamaCacheExpiry = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<long, (ChamaGroup Chama, DateTimeOffset Expires)> chamas = new();

    public async Task<ChamaGroup> CreateChamaAsync(string name, string code, Constitution constitution, Actor actor, CancellationToken cancellationToken = default)
    {
        var validName = ChamaGroup.ValidateName(name);
        var validCode = ChamaGroup.ValidateCode(code);
        var rules = constitution.Validated();
        var now = clock.GetUtcNow();
        return await database.WriteAsync((_, transaction) => InsertChamaAsync(transaction, validName, validCode, rules, actor, now), cancellationToken);
    }

    /// <summary>
    /// Creates a chama and its first constitution inside the caller's transaction, from values already validated; refused
    /// when the code is taken. <paramref name="founded"/> is set for a chama a phone founded itself.
    /// </summary>
    internal static async Task<ChamaGroup> InsertChamaAsync(
        DbTransaction transaction, string name, string code, Constitution rules, Actor actor, DateTimeOffset now, FoundedBy? founded = null)
    {
        var connection = transaction.Connection!;
        var taken = new ChamaException(ChamaError.ChamaCodeTaken, $"The code {code} is already used by another chama.");
        if (await FindByCodeAsync(connection, transaction, code) is not null)
        {
            throw taken;
        }

        // The code is unique in the database: a chama of the same code created at the same moment by another write is
        // waited for, and then this insert does nothing, so the code is refused as taken rather than as an error.
        var id = await connection.ExecuteScalarAsync<long?>(
            """
            INSERT INTO chamas (code, name, currency, created_at, founded_by_phone, founded_at, first_meeting_on, awaiting_approval)
            VALUES (@Code, @Name, @Currency, @At, @FoundedBy, @FoundedAt, @FirstMeeting, @Awaiting)
            ON CONFLICT (code) DO NOTHING RETURNING id;
            """,
            new
            {
                Code = code,
                Name = name,
                rules.Currency,
                At = now.ToUnixTimeMilliseconds(),
                FoundedBy = founded?.Phone.E164,
                FoundedAt = founded is null ? (long?)null : now.ToUnixTimeMilliseconds(),
                FirstMeeting = founded?.FirstMeeting.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                Awaiting = founded is { AwaitsApproval: true } ? 1 : 0,
            },
            transaction) ?? throw taken;

        // The new chama's id exists only now: its constitution, members and audit lines are written in it.
        await WriteScope.EnterChamaAsync(transaction, id);
        await InsertVersionAsync(transaction, id, 1, rules, changedBy: null, proposalId: null, now);
        await Audit.RecordAsync(transaction, id, actor, "chama.created", code, now);
        return new ChamaGroup(id, name, code, rules) { FirstMeeting = founded?.FirstMeeting, AwaitsApproval = founded is { AwaitsApproval: true } };
    }

    /// <summary>A chama, its name and constitution; answered from memory for up to <see cref="ChamaCacheExpiry"/>.</summary>
    public async Task<ChamaGroup?> FindChamaAsync(long chamaId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (chamas.TryGetValue(chamaId, out var cached) && cached.Expires > now)
        {
            return cached.Chama;
        }

        var chama = await database.ReadAsync(
            async (connection, transaction) =>
                (await connection.QuerySingleOrDefaultAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction))?.ToChama(),
            cancellationToken);
        if (chama is not null)
        {
            chamas[chamaId] = (chama, now + ChamaCacheExpiry);
        }

        return chama;
    }

    /// <summary>Drops a chama from memory: its next read sees the constitution in force now.</summary>
    public void Forget(long chamaId) => chamas.TryRemove(chamaId, out _);

    /// <summary>Writes a constitution version inside the caller's transaction: who made it, when, and from which proposal.</summary>
    internal static Task InsertVersionAsync(DbTransaction transaction, long chamaId, long version, Constitution rules, long? changedBy, long? proposalId, DateTimeOffset now) =>
        transaction.Connection!.ExecuteAsync(
            """
            INSERT INTO constitutions (chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor,
                                       approvals_required, members_see_pending, grace_days, fines_fund, welfare_cooling_off_hours,
                                       fine_mode, fine_cap_minor, welfare_payout_limit_minor, exit_deduction_percent, payout_phone_delay_hours, savings_minor, loan_multiple, loan_cap_minor,
                                       interest_method, interest_rate_bp, loan_term_months, guarantors, guarantee_percent, loan_penalty_percent,
                                       lend_percent, default_after_missed, changed_by_member_id, changed_at, proposal_id, created_at)
            VALUES (@chamaId, @version, @Contribution, @Frequency, @Levy, @Fine, @Approvals, @SeePending, @GraceDays, @FinesFund, @Cooling,
                    @FineMode, @FineCap, @WelfareLimit, @ExitDeduction, @PhoneDelay, @Savings, @LoanMultiple, @LoanCap,
                    @InterestMethod, @InterestRate, @LoanTerm, @Guarantors, @GuaranteePercent, @LoanPenalty,
                    @LendPercent, @DefaultAfter, @changedBy, @At, @proposalId, @At);
            """,
            new
            {
                chamaId,
                version,
                Contribution = rules.ContributionAmount.Minor,
                Frequency = rules.Frequency.ToString(),
                Levy = rules.WelfareLevy.Minor,
                Fine = rules.LateFine.Minor,
                Approvals = rules.ApprovalsRequired,
                SeePending = rules.MembersMaySeePending ? 1 : 0,
                rules.GraceDays,
                FinesFund = rules.FinesGoTo.ToString(),
                Cooling = rules.WelfareCoolingOffHours,
                FineMode = rules.FineMode.ToString(),
                FineCap = rules.FineCap?.Minor ?? 0,
                WelfareLimit = rules.WelfarePayoutLimit?.Minor ?? 0,
                ExitDeduction = rules.ExitDeductionPercent,
                PhoneDelay = rules.PayoutPhoneDelayHours,
                Savings = rules.SavingsPerMeeting.Minor,
                LoanMultiple = rules.Lending.SavingsMultiple,
                LoanCap = rules.Lending.Cap?.Minor ?? 0,
                InterestMethod = rules.Lending.Method.ToString(),
                InterestRate = rules.Lending.MonthlyRateBasisPoints,
                LoanTerm = rules.Lending.MaxTermMonths,
                rules.Lending.Guarantors,
                rules.Lending.GuaranteePercent,
                LoanPenalty = rules.Lending.PenaltyPercent,
                rules.Lending.LendPercent,
                DefaultAfter = rules.Lending.DefaultAfterMissed,
                changedBy,
                proposalId,
                At = now.ToUnixTimeMilliseconds(),
            },
            transaction);

    public Task<ChamaGroup?> FindChamaByCodeAsync(string code, CancellationToken cancellationToken = default) =>
        database.ReadAsync((connection, transaction) => FindByCodeAsync(connection, transaction, code.Trim().ToUpperInvariant()), cancellationToken);

    public Task<IReadOnlyList<ChamaGroup>> GetChamasAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<ChamaGroup>>(
            async (connection, transaction) =>
                (await connection.QueryAsync<ChamaRow>($"{ChamaRow.Select} ORDER BY c.id;", transaction: transaction)).Select(r => r.ToChama()).ToList(),
            cancellationToken);

    public async Task<Member> AddMemberAsync(long chamaId, NewMember member, Actor actor, CancellationToken cancellationToken = default)
    {
        _ = member.Validate();
        if (actor.MemberId is not null && member.Roles != MemberRoles.Member)
        {
            throw new ChamaException(ChamaError.OfficersMustDecide, "A member added by an officer joins as a plain member: officer roles are given by the officers' quorum.");
        }

        var now = clock.GetUtcNow();
        return await database.WriteAsync((_, transaction) => InsertMemberAsync(transaction, chamaId, member, actor, now), cancellationToken);
    }

    /// <summary>Adds a member inside the caller's transaction; refused when the seat is taken or the phone already a member.</summary>
    internal static async Task<Member> InsertMemberAsync(DbTransaction transaction, long chamaId, NewMember member, Actor actor, DateTimeOffset now)
    {
        var (name, phone, receivePhone) = member.Validate();
        await WriteScope.EnterChamaAsync(transaction, chamaId);
        var connection = transaction.Connection!;
        _ = await connection.QuerySingleOrDefaultAsync<long?>("SELECT id FROM chamas WHERE id = @chamaId;", new { chamaId }, transaction)
            ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {chamaId}.");
        var holders = (await connection.QueryAsync<MemberRow>(
            $"{MemberRow.Select} WHERE chama_id = @chamaId AND (seat = @Seat OR phone = @Phone);",
            new { chamaId, member.Seat, Phone = phone.E164 },
            transaction)).ToList();
        if (holders.Any(h => h.Seat == member.Seat))
        {
            throw new ChamaException(ChamaError.SeatTaken, $"Seat {member.Seat} is already taken by {holders.First(h => h.Seat == member.Seat).Name}.");
        }

        if (holders.Count > 0)
        {
            throw new ChamaException(ChamaError.PhoneAlreadyMember, $"{phone.Masked} is already a member of this chama.");
        }

        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO members (chama_id, name, phone, receive_phone, seat, roles, language, active, joined_at)
            VALUES (@chamaId, @Name, @Phone, @ReceivePhone, @Seat, @Roles, @Language, 1, @At) RETURNING id;
            """,
            new
            {
                chamaId,
                Name = name,
                Phone = phone.E164,
                ReceivePhone = receivePhone.E164,
                member.Seat,
                Roles = (long)member.Roles,
                Language = member.Language.ToString(),
                At = now.ToUnixTimeMilliseconds(),
            },
            transaction);
        await Audit.RecordAsync(transaction, chamaId, actor, "member.added", $"member:{id} seat:{member.Seat}", now);
        return new Member(id, chamaId, name, phone, receivePhone, member.Seat, member.Roles, member.Language, true);
    }

    /// <summary>
    /// Corrects an active member's details: name, contact phone, seat, language. Validated as a new member is (phones
    /// normalised, seats unique, one membership per phone); not money, so updated in place, and audited. When an officer
    /// makes the change, the member's roles and payout phone are kept as they are: those change only by the officers'
    /// quorum (<see cref="MemberChanges.MemberChangeStore"/>), and one officer cannot change an officer's contact phone,
    /// which signs them in (one person would vote as two). The operator's terminal (an actor with no member) sets them
    /// directly, as it adds members with their roles.
    /// </summary>
    /// <remarks>
    /// <paramref name="notices"/> makes, from the member before and after and the chama's officers, the messages that tell
    /// people of the change; they are queued in the same transaction, so a change is never made unannounced.
    /// </remarks>
    public async Task<Member> UpdateMemberAsync(
        long chamaId,
        long memberId,
        NewMember changes,
        Actor actor,
        Func<Member, Member, IReadOnlyList<Member>, IEnumerable<OutboundMessage>>? notices = null,
        CancellationToken cancellationToken = default)
    {
        var (name, phone, askedReceivePhone) = changes.Validate();
        var byOperator = actor.MemberId is null;
        var now = clock.GetUtcNow();
        return await database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, chamaId);
                var before = (await connection.QuerySingleOrDefaultAsync<MemberRow>(
                        $"{MemberRow.Select} WHERE id = @memberId AND chama_id = @chamaId AND active = 1;", new { memberId, chamaId }, transaction))?.ToMember()
                    ?? throw new ChamaException(ChamaError.UnknownMember, "There is no such active member in this chama.");
                var holders = (await connection.QueryAsync<MemberRow>(
                    $"{MemberRow.Select} WHERE chama_id = @chamaId AND id <> @memberId AND (seat = @Seat OR phone = @Phone);",
                    new { chamaId, memberId, changes.Seat, Phone = phone.E164 },
                    transaction)).ToList();
                if (holders.FirstOrDefault(h => h.Seat == changes.Seat) is { } seated)
                {
                    throw new ChamaException(ChamaError.SeatTaken, $"Seat {changes.Seat} is already taken by {seated.Name}.");
                }

                if (holders.Count > 0)
                {
                    throw new ChamaException(ChamaError.PhoneAlreadyMember, $"{phone.Masked} is already a member of this chama.");
                }

                if (before.IsOfficer && phone != before.Phone && !byOperator)
                {
                    throw new ChamaException(
                        ChamaError.OfficersMustDecide, $"{before.Name} is an officer: their phone signs them in, so it is changed by the operator, or after the officers' quorum removes their role.");
                }

                var receivePhone = byOperator ? askedReceivePhone : before.ReceivePhone;
                var roles = byOperator ? changes.Roles : before.Roles;
                await EnsureQuorumKeptAsync(transaction, before, roles);
                await connection.ExecuteAsync(
                    """
                    UPDATE members SET name = @Name, phone = @Phone, receive_phone = @ReceivePhone, seat = @Seat, roles = @Roles, language = @Language
                    WHERE id = @memberId;
                    """,
                    new
                    {
                        memberId,
                        Name = name,
                        Phone = phone.E164,
                        ReceivePhone = receivePhone.E164,
                        changes.Seat,
                        Roles = (long)roles,
                        Language = changes.Language.ToString(),
                    },
                    transaction);
                var after = before with { Name = name, Phone = phone, ReceivePhone = receivePhone, Seat = changes.Seat, Roles = roles, Language = changes.Language };
                await Audit.RecordAsync(transaction, chamaId, actor, "member.updated", $"member:{memberId} {Describe(before, after)}".Trim(), now);
                if (notices is not null)
                {
                    var officers = (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @chamaId AND active = 1;", new { chamaId }, transaction))
                        .Select(r => r.ToMember()).Where(m => m.IsOfficer).ToList();
                    foreach (var message in notices(before, after, officers))
                    {
                        await Outbox.Outbox.EnqueueAsync(transaction, message, now);
                    }
                }

                return after;
            },
            cancellationToken);
    }

    /// <summary>
    /// Taking an officer's last role away is refused when some payout could then not reach its quorum. Other edits are
    /// not held up by a chama already in that state: the dashboard warns of it instead.
    /// </summary>
    internal static Task EnsureQuorumKeptAsync(DbTransaction transaction, Member before, MemberRoles roles) =>
        before.IsOfficer && roles == MemberRoles.Member
            ? QuorumGuard.EnsureReachableAsync(transaction, before.ChamaId, members => members.Select(m => m.Id == before.Id ? m with { Roles = roles } : m))
            : Task.CompletedTask;

    /// <summary>What an edit changed, phones masked: the audit trail is read by every officer.</summary>
    private static string Describe(Member before, Member after)
    {
        var changed = new List<string>();
        if (before.Name != after.Name)
        {
            changed.Add("name");
        }

        if (before.Phone != after.Phone)
        {
            changed.Add($"phone:{after.Phone.Masked}");
        }

        if (before.ReceivePhone != after.ReceivePhone)
        {
            changed.Add($"receive:{after.ReceivePhone.Masked}");
        }

        if (before.Seat != after.Seat)
        {
            changed.Add($"seat:{before.Seat}->{after.Seat}");
        }

        if (before.Roles != after.Roles)
        {
            changed.Add($"roles:{after.Roles}");
        }

        if (before.Language != after.Language)
        {
            changed.Add($"language:{after.Language}");
        }

        return string.Join(' ', changed);
    }

    /// <summary>The language the bot speaks to a member in. Not money: updated in place, and audited.</summary>
    public Task SetLanguageAsync(Member member, Language language, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, member.ChamaId);
                await connection.ExecuteAsync("UPDATE members SET language = @Language WHERE id = @Id;", new { Language = language.ToString(), member.Id }, transaction);
                await Audit.RecordAsync(transaction, member.ChamaId, actor, "member.language", $"member:{member.Id} {language}", now);
                return true;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<Member>> GetMembersAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<Member>>(
            async (connection, transaction) =>
                (await connection.QueryAsync<MemberRow>($"{MemberRow.Select} WHERE chama_id = @chamaId ORDER BY seat;", new { chamaId }, transaction))
                    .Select(r => r.ToMember()).ToList(),
            cancellationToken);

    public Task<Member?> FindMemberAsync(long memberId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(
            async (connection, transaction) =>
                (await connection.QuerySingleOrDefaultAsync<MemberRow>($"{MemberRow.Select} WHERE id = @memberId;", new { memberId }, transaction))?.ToMember(),
            cancellationToken);

    /// <summary>Every active membership of a phone, across chamas.</summary>
    public Task<IReadOnlyList<Member>> FindMembershipsAsync(PhoneNumber phone, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => FindMembershipsAsync(transaction, phone), cancellationToken);

    /// <summary>Every active membership of a phone, inside the caller's transaction.</summary>
    internal static async Task<IReadOnlyList<Member>> FindMembershipsAsync(DbTransaction transaction, PhoneNumber phone) =>
        (await transaction.Connection!.QueryAsync<MemberRow>(
            $"{MemberRow.Select} WHERE phone = @Phone AND active = 1 ORDER BY chama_id;", new { Phone = phone.E164 }, transaction))
            .Select(r => r.ToMember()).ToList();

    internal static async Task<ChamaGroup?> FindByCodeAsync(DbConnection connection, DbTransaction transaction, string code) =>
        (await connection.QuerySingleOrDefaultAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.code = @code;", new { code }, transaction))?.ToChama();
}

/// <summary>Who founded a chama from their phone, the first meeting they set, and whether it waits for the operator's approval.</summary>
internal sealed record FoundedBy(PhoneNumber Phone, DateOnly FirstMeeting, bool AwaitsApproval);
