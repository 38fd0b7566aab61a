using System.Data.Common;
using Chama.Core;
using Chama.Data.Chamas;
using Chama.Data.Decisions;
using Chama.Data.Mpesa;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.Recording;

/// <summary>What proposing or deciding a correction came to.</summary>
public sealed record CorrectionResult(CorrectionOutcome Outcome, PaymentCorrection? Correction = null);

/// <summary>The messages a carried correction sends: to the member whose payment was reversed, and the officers.</summary>
public delegate IEnumerable<OutboundMessage> CorrectionNotices(PaymentCorrection reversed, IReadOnlyList<Member> officers);

/// <summary>
/// Corrections of recorded payments under the officers' quorum (code <c>C4</c>), through the one voting mechanism: an
/// officer proposes reversing a payment (the proposal is their approval unless they recorded it or it is theirs), the
/// others vote, and the approval reaching the quorum adds the reversing entries in the same transaction
/// (<see cref="PaymentReversal"/>). The payment itself is never changed.
/// </summary>
public sealed class PaymentCorrections(IDatabase database, TimeProvider clock)
{
    public Task<CorrectionResult> ProposeAsync(
        Member officer, string reference, string reason, string channel, CorrectionNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                if (RecordedPayments.TryReceipt(reference) is not { } receipt
                    || await RecordedPaymentRow.FindByReceiptAsync(transaction, receipt) is not { } payment
                    || payment.Contribution.ChamaId != officer.ChamaId)
                {
                    return new CorrectionResult(CorrectionOutcome.Unknown);
                }

                if (payment.Reversed)
                {
                    return new CorrectionResult(CorrectionOutcome.AlreadyReversed);
                }

                var waiting = await connection.QuerySingleOrDefaultAsync<long?>(
                    $"SELECT MAX(k.id) FROM payment_corrections k WHERE k.recorded_payment_id = @Id AND {DecisionVotes.NotRejected(DecisionKind.Correction, "k")};",
                    new { payment.Id },
                    transaction);
                if (waiting is { } waitingId)
                {
                    return new CorrectionResult(CorrectionOutcome.AlreadyProposed, await FindAsync(transaction, officer.ChamaId, waitingId));
                }

                var current = (await connection.QuerySingleOrDefaultAsync<MemberRow>($"{MemberRow.Select} WHERE id = @Id;", new { officer.Id }, transaction))?.ToMember();
                if (current is not { IsOfficer: true, Active: true } || current.ChamaId != payment.Contribution.ChamaId)
                {
                    return new CorrectionResult(CorrectionOutcome.NotAnOfficer);
                }

                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO payment_corrections (chama_id, recorded_payment_id, proposer_member_id, reason, channel, proposed_at)
                    VALUES (@ChamaId, @PaymentId, @OfficerId, @reason, @channel, @At) RETURNING id;
                    """,
                    new { officer.ChamaId, PaymentId = payment.Id, OfficerId = officer.Id, reason, channel, At = now.ToUnixTimeMilliseconds() },
                    transaction);
                await Audit.RecordAsync(
                    transaction, officer.ChamaId, Actor.Member(officer.Id, channel), "correction.proposed", $"{DecisionKind.Correction.Code(id)} {payment.Receipt} {reason}", now);
                var correction = (await FindAsync(transaction, officer.ChamaId, id))!;
                return correction.Ballot.Excluded.Contains(officer.Id)
                    ? new CorrectionResult(CorrectionOutcome.Recorded, correction)
                    : await VoteAsync(transaction, officer, correction, Decision.Approve, null, channel, notices, now);
            },
            cancellationToken);
    }

    /// <summary>An officer approves or rejects a correction; the approval reaching the quorum reverses the payment.</summary>
    public Task<CorrectionResult> DecideAsync(
        Member officer, long id, Decision decision, string? reason, string channel, CorrectionNotices notices, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(
            async (_, transaction) =>
            {
                await WriteScope.EnterChamaAsync(transaction, officer.ChamaId);
                return await FindAsync(transaction, officer.ChamaId, id) is { } correction
                    ? await VoteAsync(transaction, officer, correction, decision, reason, channel, notices, now)
                    : new CorrectionResult(CorrectionOutcome.NotOpen);
            },
            cancellationToken);
    }

    /// <summary>The chama's corrections waiting for the officers, oldest first.</summary>
    public Task<IReadOnlyList<PaymentCorrection>> GetOpenAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<PaymentCorrection>>(
            async (connection, transaction) =>
            {
                var open = new List<PaymentCorrection>();
                foreach (var id in await connection.QueryAsync<long>(
                    $"SELECT k.id FROM payment_corrections k WHERE k.chama_id = @chamaId AND {DecisionVotes.NotRejected(DecisionKind.Correction, "k")} ORDER BY k.id;",
                    new { chamaId },
                    transaction))
                {
                    if (await FindAsync(transaction, chamaId, id) is { IsOpen: true } correction)
                    {
                        open.Add(correction);
                    }
                }

                return open;
            },
            cancellationToken);

    private static async Task<CorrectionResult> VoteAsync(
        DbTransaction transaction, Member officer, PaymentCorrection correction, Decision decision, string? reason, string channel, CorrectionNotices notices, DateTimeOffset now)
    {
        // An approval that would carry a reversal the ledger cannot take (the welfare fund has paid the money out) is
        // refused before it is kept.
        if (decision == Decision.Approve && correction.IsOpen && correction.Ballot.With(new OfficerDecision(officer.Id, decision, null)).IsCarried
            && !await PaymentReversal.CanReverseAsync(transaction, correction.Payment))
        {
            return new CorrectionResult(CorrectionOutcome.CannotReverse, correction);
        }

        var (refusal, ballot) = await DecisionVotes.CastAsync(transaction, officer, DecisionKind.Correction, correction.Id, correction.Ballot, decision, reason, channel, now);
        if (refusal is not null)
        {
            return new CorrectionResult(refusal switch
            {
                VoteRefusal.NotAnOfficer => CorrectionOutcome.NotAnOfficer,
                VoteRefusal.Concerned => CorrectionOutcome.Concerned,
                VoteRefusal.AlreadyDecided => CorrectionOutcome.AlreadyDecided,
                _ => CorrectionOutcome.NotOpen,
            }, correction);
        }

        var after = correction with { Decisions = ballot.Votes };
        if (!ballot.IsCarried)
        {
            return new CorrectionResult(ballot.IsRejected ? CorrectionOutcome.Rejected : CorrectionOutcome.Recorded, after);
        }

        await PaymentReversal.ReverseAsync(transaction, correction, Actor.Member(officer.Id, channel), now);
        var reversed = after with { Payment = after.Payment with { Reversed = true } };
        var (_, officers) = await PaymentParties.LoadOfficersAsync(transaction, officer.ChamaId);
        foreach (var message in notices(reversed, officers))
        {
            await Outbox.Outbox.EnqueueAsync(transaction, message, now);
        }

        return new CorrectionResult(CorrectionOutcome.Reversed, reversed);
    }

    private static async Task<PaymentCorrection?> FindAsync(DbTransaction transaction, long chamaId, long id)
    {
        var connection = transaction.Connection!;
        var row = await connection.QuerySingleOrDefaultAsync<(long PaymentId, long ProposerId, string Reason)?>(
            "SELECT recorded_payment_id, proposer_member_id, reason FROM payment_corrections WHERE id = @id AND chama_id = @chamaId;", new { id, chamaId }, transaction);
        if (row is not { } correction)
        {
            return null;
        }

        var payment = await RecordedPaymentRow.FindAsync(transaction, correction.PaymentId);
        var required = (await connection.QuerySingleAsync<ChamaRow>($"{ChamaRow.Select} WHERE c.id = @chamaId;", new { chamaId }, transaction)).ToChama().Constitution.ApprovalsRequired;
        return new PaymentCorrection(
            id, payment!, correction.ProposerId, correction.Reason, await DecisionVotes.ReadAsync(transaction, DecisionKind.Correction, id), required);
    }
}
