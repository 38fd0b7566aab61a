using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Decisions;
using Dapper;

namespace Chama.Data.Disbursements;

/// <summary>What a statement proposal or a vote came to.</summary>
public sealed record StatementResult(StatementOutcome Outcome, PayoutStatement? Statement = null);

/// <summary>
/// What the M-Pesa statement shows for an unconfirmed payout, decided under the officers' quorum: an officer proposes it
/// (the proposal is their approval, unless the payout is theirs), the others vote by the one voting mechanism, and the
/// approval that reaches the quorum settles the payout as the statement shows, in the same transaction.
/// </summary>
public sealed class PayoutStatementStore(IDatabase database, TimeProvider clock)
{
    /// <summary><paramref name="officer"/> records what the statement shows for the unconfirmed payout of <paramref name="subjectCode"/> (<c>P12</c>).</summary>
    public Task<StatementResult> ProposeAsync(
        Member officer, string subjectCode, bool paid, string? receipt, string channel, PayoutNotices notices, CancellationToken cancellationToken = default)
    {
        var transactionId = paid ? DisbursementStore.StatementReceipt(receipt) : null;
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                if (!ApprovalSubject.TryParseCode(subjectCode, out var kind, out var subjectId)
                    || (await DisbursementStore.ListForSubjectAsync(transaction, kind, subjectId))
                        .FirstOrDefault(p => p.ChamaId == officer.ChamaId && p.Status == DisbursementStatus.Unconfirmed) is not { } payout)
                {
                    return new StatementResult(StatementOutcome.NotUnconfirmed);
                }

                var waiting = await connection.QuerySingleOrDefaultAsync<long?>(
                    $"SELECT MAX(s.id) FROM payout_statements s WHERE s.disbursement_id = @Id AND {DecisionVotes.NotRejected(DecisionKind.Statement, "s")};",
                    new { payout.Id },
                    transaction);
                if (waiting is { } waitingId)
                {
                    return new StatementResult(StatementOutcome.AlreadyProposed, await FindAsync(transaction, officer.ChamaId, waitingId));
                }

                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO payout_statements (chama_id, disbursement_id, paid, receipt, proposer_member_id, channel, proposed_at)
                    VALUES (@ChamaId, @PayoutId, @Paid, @transactionId, @OfficerId, @channel, @At) RETURNING id;
                    """,
                    new { officer.ChamaId, PayoutId = payout.Id, Paid = paid ? 1 : 0, transactionId, OfficerId = officer.Id, channel, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(
                    transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "statement.proposed", $"{DecisionKind.Statement.Code(id)} {payout.Code} {(paid ? $"paid {transactionId}" : "not paid")}", now);
                var statement = (await FindAsync(transaction, officer.ChamaId, id))!;
                return officer.Id == payout.RecipientMemberId
                    ? new StatementResult(StatementOutcome.Recorded, statement)
                    : await VoteAsync(transaction, officer, statement, Decision.Approve, null, channel, notices, now);
            },
            cancellationToken);
    }

    /// <summary>An officer approves or rejects a statement waiting for the officers; the approval reaching the quorum settles the payout.</summary>
    public Task<StatementResult> DecideAsync(
        Member officer, long id, Decision decision, string? reason, string channel, PayoutNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (_, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                return await FindAsync(transaction, officer.ChamaId, id) is { } statement
                    ? await VoteAsync(transaction, officer, statement, decision, reason, channel, notices, now)
                    : new StatementResult(StatementOutcome.NotOpen);
            },
            cancellationToken);
    }

    /// <summary>The chama's statements waiting for the officers, oldest first.</summary>
    public Task<IReadOnlyList<PayoutStatement>> GetOpenAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<PayoutStatement>>(
            async (connection, transaction) =>
            {
                var open = new List<PayoutStatement>();
                foreach (var id in await connection.QueryAsync<long>("SELECT id FROM payout_statements WHERE chama_id = @chamaId ORDER BY id;", new { chamaId }, transaction))
                {
                    if (await FindAsync(transaction, chamaId, id) is { IsOpen: true } statement)
                    {
                        open.Add(statement);
                    }
                }

                return open;
            },
            cancellationToken);

    private static async Task<StatementResult> VoteAsync(
        DbTransaction transaction, Member officer, PayoutStatement statement, Decision decision, string? reason, string channel, PayoutNotices notices, DateTimeOffset now)
    {
        var (refusal, ballot) = await DecisionVotes.CastAsync(transaction, officer, DecisionKind.Statement, statement.Id, statement.Ballot, decision, reason, channel, now);
        if (refusal is not null)
        {
            return new StatementResult(refusal switch
            {
                VoteRefusal.NotAnOfficer => StatementOutcome.NotAnOfficer,
                VoteRefusal.Concerned => StatementOutcome.Concerned,
                VoteRefusal.AlreadyDecided => StatementOutcome.AlreadyDecided,
                _ => StatementOutcome.NotOpen,
            }, statement);
        }

        var after = statement with { Decisions = ballot.Votes };
        if (!ballot.IsCarried)
        {
            return new StatementResult(ballot.IsRejected ? StatementOutcome.Rejected : StatementOutcome.Recorded, after);
        }

        var settled = await DisbursementStore.SettleFromStatementAsync(
            transaction, statement.Payout.Id, statement.Paid, statement.Receipt, Actor.Member(officer.Id, channel), notices, now);
        return new StatementResult(StatementOutcome.Settled, after with { Payout = settled.Disbursement });
    }

    private static async Task<PayoutStatement?> FindAsync(DbTransaction transaction, long chamaId, long id)
    {
        var connection = transaction.Connection!;
        var row = await connection.QuerySingleOrDefaultAsync<(long PayoutId, long Paid, string? Receipt, long ProposerId)?>(
            "SELECT disbursement_id, paid, receipt, proposer_member_id FROM payout_statements WHERE id = @id AND chama_id = @chamaId;", new { id, chamaId }, transaction);
        if (row is not { } statement)
        {
            return null;
        }

        var payout = await DisbursementStore.FindAsync(transaction, statement.PayoutId);
        var required = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction)).ToChama().Constitution.ApprovalsRequired;
        return new PayoutStatement(
            id, payout!, statement.Paid == 1, statement.Receipt, statement.ProposerId, await DecisionVotes.ReadAsync(transaction, DecisionKind.Statement, id), required);
    }
}
