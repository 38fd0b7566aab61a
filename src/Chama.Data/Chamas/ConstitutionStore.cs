using System.Data.Common;
using Chama.Core;
using Chama.Data.Decisions;
using Dapper;

namespace Chama.Data.Chamas;

/// <summary>A constitution version as stored: its number, who made it and when (null for the first).</summary>
public sealed record ConstitutionVersion(int Version, Constitution Rules, long? ChangedByMemberId, DateTimeOffset ChangedAt, long? ProposalId);

/// <summary>
/// Changes to a chama's constitution: an officer proposes one rule change, other officers approve or reject it, and the
/// approval that reaches the quorum in force writes the next constitution version in the same transaction. Nothing is
/// updated in place: proposals, votes and versions are appended.
/// </summary>
public sealed partial class ConstitutionStore(IDatabase database, ChamaStore chamas, TimeProvider clock)
{
    /// <summary>Records an officer's proposal with the proposer's own approval; in force at once when the quorum is one.</summary>
    public async Task<(RuleOutcome Outcome, RuleProposal? Proposal)> ProposeAsync(Member officer, RuleChange change, string channel, CancellationToken cancellationToken = default)
    {
        if (!officer.IsOfficer)
        {
            return (RuleOutcome.NotAnOfficer, null);
        }

        var now = clock.GetUtcNow();
        var result = await database.WriteAsync<(RuleOutcome, RuleProposal?)>(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                var current = await CurrentAsync(transaction, officer.ChamaId);
                try
                {
                    _ = change.ApplyTo(current.Rules);
                }
                catch (ChamaException)
                {
                    return (RuleOutcome.Invalid, null);
                }

                await EnsureQuorumReachableAsync(transaction, officer.ChamaId, current.Rules, change.ApplyTo(current.Rules));
                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO constitution_proposals (chama_id, proposer_member_id, rule, value, channel, proposed_at)
                    VALUES (@ChamaId, @OfficerId, @Rule, @Value, @channel, @At) RETURNING id;
                    """,
                    new { officer.ChamaId, OfficerId = officer.Id, Rule = change.Rule.ToString(), change.Value, channel, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "rule.proposed", $"{RuleProposal.CodeFor(id)} {change.Rule} {change.Value}", now);
                return await VoteAsync(transaction, officer, id, Decision.Approve, null, channel, now);
            },
            cancellationToken);
        ForgetWhenInForce(officer.ChamaId, result.Item1);
        return result;
    }

    /// <summary>An officer approves or rejects an open proposal, once; the approval reaching the quorum puts it in force.</summary>
    public async Task<(RuleOutcome Outcome, RuleProposal? Proposal)> DecideAsync(
        Member officer, long proposalId, Decision decision, string? reason, string channel, CancellationToken cancellationToken = default)
    {
        if (!officer.IsOfficer)
        {
            return (RuleOutcome.NotAnOfficer, null);
        }

        if (decision == Decision.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return (RuleOutcome.Invalid, null);
        }

        var now = clock.GetUtcNow();
        var result = await database.WriteAsync(
            (_, transaction) => VoteAsync(transaction, officer, proposalId, decision, reason?.Trim(), channel, now), cancellationToken);
        ForgetWhenInForce(officer.ChamaId, result.Item1);
        return result;
    }

    public Task<RuleProposal?> FindAsync(long chamaId, long proposalId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => FindAsync(transaction, chamaId, proposalId), cancellationToken);

    /// <summary>Every version of a chama's constitution, oldest first.</summary>
    public Task<IReadOnlyList<ConstitutionVersion>> GetVersionsAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<ConstitutionVersion>>(
            async (connection, transaction) =>
            {
                var versions = new List<ConstitutionVersion>();
                var rows = await connection.QueryAsync<(long Version, long? ChangedBy, long? ChangedAt, long CreatedAt, long? ProposalId)>(
                    "SELECT version, changed_by_member_id, changed_at, created_at, proposal_id FROM constitutions WHERE chama_id = @chamaId ORDER BY version;",
                    new { chamaId },
                    transaction);
                foreach (var row in rows)
                {
                    var rules = (await connection.QuerySingleAsync<ChamaRow>(
                        VersionSelect, new { chamaId, row.Version }, transaction)).ToChama().Constitution;
                    versions.Add(new ConstitutionVersion(
                        (int)row.Version, rules, row.ChangedBy, DateTimeOffset.FromUnixTimeMilliseconds(row.ChangedAt ?? row.CreatedAt), row.ProposalId));
                }

                return versions;
            },
            cancellationToken);

    private const string VersionSelect =
        $"""
        SELECT c.id, c.code, c.name, c.currency, {ChamaRow.ConstitutionColumns}
        FROM chamas c JOIN constitutions k ON k.chama_id = c.id WHERE c.id = @chamaId AND k.version = @Version;
        """;

    private void ForgetWhenInForce(long chamaId, RuleOutcome outcome)
    {
        if (outcome == RuleOutcome.InForce)
        {
            chamas.Forget(chamaId);
        }
    }

    private static async Task<(RuleOutcome, RuleProposal?)> VoteAsync(
        DbTransaction transaction, Member officer, long proposalId, Decision decision, string? reason, string channel, DateTimeOffset now)
    {
        await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
        var proposal = await FindAsync(transaction, officer.ChamaId, proposalId);
        if (proposal is null)
        {
            return (RuleOutcome.NotOpen, null);
        }

        var (refusal, ballot) = await DecisionVotes.CastAsync(
            transaction, officer, DecisionKind.Rule, proposalId, proposal.Ballot, decision, reason, channel, now);
        if (refusal is not null)
        {
            return (refusal switch { VoteRefusal.NotAnOfficer => RuleOutcome.NotAnOfficer, VoteRefusal.AlreadyDecided => RuleOutcome.AlreadyDecided, _ => RuleOutcome.NotOpen }, proposal);
        }

        var after = proposal with { Decisions = ballot.Votes };
        if (after.IsRejected)
        {
            return (RuleOutcome.Rejected, after);
        }

        if (!after.HasQuorum)
        {
            return (RuleOutcome.Recorded, after);
        }

        // The change is made to the constitution in force now, whatever changed since it was proposed.
        var current = await CurrentAsync(transaction, officer.ChamaId);
        Constitution changed;
        try
        {
            changed = after.Change.ApplyTo(current.Rules);
        }
        catch (ChamaException)
        {
            return (RuleOutcome.Invalid, proposal);
        }

        await EnsureQuorumReachableAsync(transaction, officer.ChamaId, current.Rules, changed);
        var version = current.Version + 1;
        await ChamaStore.InsertVersionAsync(transaction, officer.ChamaId, version, changed, officer.Id, proposalId, now);
        await Audit.RecordAsync(
            transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "constitution.changed", $"{proposal.Code} version:{version} {after.Change.Rule} {after.Change.Value}", now);
        return (RuleOutcome.InForce, after with { Version = version });
    }

    /// <summary>
    /// A new quorum is refused, when it is proposed and again when it would come into force (officers may have changed
    /// meanwhile), if some payout could not reach it: nothing is written and the proposal stays as it was.
    /// </summary>
    private static Task EnsureQuorumReachableAsync(DbTransaction transaction, long chamaId, Constitution current, Constitution changed) =>
        changed.ApprovalsRequired == current.ApprovalsRequired
            ? Task.CompletedTask
            : QuorumGuard.EnsureReachableAsync(transaction, chamaId, changed.ApprovalsRequired);

    private static async Task<(int Version, Constitution Rules)> CurrentAsync(DbTransaction transaction, long chamaId)
    {
        var row = await transaction.Connection!.QuerySingleOrDefaultAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction)
            ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {chamaId}.");
        return ((int)row.Version, row.ToChama().Constitution);
    }

    private static async Task<RuleProposal?> FindAsync(DbTransaction transaction, long chamaId, long proposalId)
    {
        var row = await transaction.Connection!.QuerySingleOrDefaultAsync<(long ProposerId, string Rule, long Value)?>(
            "SELECT proposer_member_id, rule, value FROM constitution_proposals WHERE id = @proposalId AND chama_id = @chamaId;",
            new { proposalId, chamaId },
            transaction);
        if (row is not { } proposal)
        {
            return null;
        }

        var version = await transaction.Connection!.QuerySingleOrDefaultAsync<long?>(
            "SELECT version FROM constitutions WHERE proposal_id = @proposalId;", new { proposalId }, transaction);
        var (_, current) = await CurrentAsync(transaction, chamaId);
        return new RuleProposal(
            proposalId,
            chamaId,
            proposal.ProposerId,
            new RuleChange(Enum.Parse<ConstitutionRule>(proposal.Rule), proposal.Value),
            await DecisionVotes.ReadAsync(transaction, DecisionKind.Rule, proposalId),
            current.ApprovalsRequired,
            (int?)version);
    }
}
