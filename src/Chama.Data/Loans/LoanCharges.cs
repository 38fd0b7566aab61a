using System.Data.Common;
using Chama.Core;
using Chama.Data.Mpesa;
using Chama.Data.Outbox;
using Dapper;

namespace Chama.Data.Loans;

/// <summary>
/// What one pass over a loan charged: each month's interest and each missed instalment's penalty made by this pass
/// (none when everything was already charged), whether the loan fell into default now, and where it stands after.
/// </summary>
public sealed record LoanChargesMade(LoanLife Loan, IReadOnlyList<LoanCharge> Charged, bool DefaultedNow, LoanPosition Position, int DefaultAfterMissed);

/// <summary>The messages a pass sends: the borrower told of each charge; on default, the borrower, the guarantors and every officer.</summary>
public delegate IEnumerable<OutboundMessage> LoanChargeNotices(LoanChargesMade made, IReadOnlyList<Member> officers);

/// <summary>
/// A loan over time. Each month's interest is charged at the month's start (<see cref="LoanInterest.ForPeriod"/> on what
/// is owed then), and each missed instalment is charged the late penalty at the percent fixed when the loan was asked
/// (<see cref="LoanPosition.PenaltyFor"/>), each once: the database holds it (UNIQUE (loan, instalment, kind)), so a
/// retry, a restart or a second host charges nothing twice. When the missed instalments reach the constitution's
/// <see cref="LoanRules.DefaultAfterMissed"/>, the loan's 'Defaulted' event is written, once.
/// </summary>
public sealed class LoanCharges(IDatabase database, TimeProvider clock)
{
    /// <summary>The chama's loans paid out and neither repaid nor recovered, oldest first.</summary>
    public Task<IReadOnlyList<long>> RunningAsync(long chamaId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => LoanLife.RunningIdsAsync(transaction, chamaId), cancellationToken);

    /// <summary>A paid-out loan of the chama as it stands; null for any other id.</summary>
    public Task<LoanLife?> FindAsync(long chamaId, long loanId, CancellationToken cancellationToken = default) =>
        database.ReadAsync((_, transaction) => LoanLife.LoadAsync(transaction, chamaId, loanId), cancellationToken);

    /// <summary>
    /// Charges what is due on the loan today (Nairobi date) and marks a default, queuing the <paramref name="notices"/>
    /// in the same transaction. Returns null when the loan is not running; otherwise what this call charged.
    /// </summary>
    public async Task<LoanChargesMade?> ChargeAsync(ChamaGroup chama, long loanId, LoanChargeNotices notices, CancellationToken cancellationToken = default)
    {
        // Asked every pass about every running loan: only a loan with something to charge writes.
        var now = clock.GetUtcNow();
        if (await FindAsync(chama.Id, loanId, cancellationToken) is not { Closed: false } loan || !HasWork(loan, chama, now))
        {
            return null;
        }

        return await database.WriteAsync(
            async (_, transaction) =>
            {
                // Read again inside the write, once no other write of the chama runs, so a repayment or charge recorded before this pass is seen.
                await WriteScope.EnterChamaAsync(transaction, chama.Id);
                if (await LoanLife.LoadAsync(transaction, chama.Id, loanId) is not { Closed: false } current)
                {
                    return null;
                }

                var made = await ChargeDueAsync(transaction, chama, current, now);
                if (made.Charged.Count > 0 || made.DefaultedNow)
                {
                    var (_, officers) = await PaymentParties.LoadOfficersAsync(transaction, chama.Id);
                    await Outbox.Outbox.EnqueueAllAsync(transaction, notices(made, officers), now);
                }

                return made;
            },
            cancellationToken);
    }

    private static bool HasWork(LoanLife loan, ChamaGroup chama, DateTimeOffset now)
    {
        var position = loan.Position(Today(now), chama.Constitution.GraceDays);
        return position.InterestToCharge.Count > 0
            || (loan.Facts.PenaltyPercent > 0 && position.PenaltiesToCharge.Count > 0)
            || (!loan.Defaulted && position.Missed >= chama.Constitution.Lending.DefaultAfterMissed);
    }

    private static async Task<LoanChargesMade> ChargeDueAsync(DbTransaction transaction, ChamaGroup chama, LoanLife loan, DateTimeOffset now)
    {
        var today = Today(now);
        var grace = chama.Constitution.GraceDays;
        var charged = new List<LoanCharge>();

        // Interest first: a missed instalment's penalty is a percent of what is unpaid of it, its month's interest included.
        var position = loan.Position(today, grace);
        foreach (var month in position.InterestToCharge)
        {
            var interest = LoanInterest.ForPeriod(loan.Facts.Method, loan.Facts.MonthlyRateBasisPoints, loan.Principal, position.PrincipalOutstanding, loan.Unit);
            if (await InsertAsync(transaction, loan, new LoanCharge(month, LoanChargeKind.Interest, interest), now) is { } charge)
            {
                charged.Add(charge);
            }
        }

        loan = loan.Charged(charged);
        position = loan.Position(today, grace);
        var penalties = new List<LoanCharge>();
        foreach (var instalment in position.PenaltiesToCharge)
        {
            // A chama without a penalty (0 percent) charges nothing: no row, no message.
            var penalty = position.PenaltyFor(instalment, loan.Facts.PenaltyPercent, loan.Unit);
            if (penalty.IsPositive && await InsertAsync(transaction, loan, new LoanCharge(instalment, LoanChargeKind.Penalty, penalty), now) is { } charge)
            {
                penalties.Add(charge);
            }
        }

        charged.AddRange(penalties);
        loan = loan.Charged(penalties);
        position = loan.Position(today, grace);
        var defaultAfter = chama.Constitution.Lending.DefaultAfterMissed;
        var defaultedNow = !loan.Defaulted && position.Missed >= defaultAfter && await DefaultAsync(transaction, loan, position, now);
        if (defaultedNow)
        {
            loan = loan.With("Defaulted", now);
        }

        return new LoanChargesMade(loan, charged, defaultedNow, position, defaultAfter);
    }

    private static async Task<LoanCharge?> InsertAsync(DbTransaction transaction, LoanLife loan, LoanCharge charge, DateTimeOffset now)
    {
        var id = await transaction.Connection!.QuerySingleOrDefaultAsync<long?>(
            """
            INSERT INTO loan_charges (loan_id, instalment, kind, amount_minor, charged_at) VALUES (@Id, @Instalment, @Kind, @Minor, @At)
            ON CONFLICT (loan_id, instalment, kind) DO NOTHING RETURNING id;
            """,
            new { loan.Id, charge.Instalment, Kind = charge.Kind.ToString(), charge.Amount.Minor, At = now.ToUnixTimeMilliseconds() },
            transaction);
        if (id is null)
        {
            return null;
        }

        await Audit.RecordAsync(
            transaction, loan.ChamaId, Actor.System("loans"), $"loan.{charge.Kind.ToString().ToLowerInvariant()}_charged",
            $"{loan.Code} instalment:{charge.Instalment} amount:{charge.Amount.Minor}", now);
        return charge;
    }

    private static async Task<bool> DefaultAsync(DbTransaction transaction, LoanLife loan, LoanPosition position, DateTimeOffset now)
    {
        var written = await LoanBook.TryAddEventAsync(transaction, loan.Id, "Defaulted", $"missed:{position.Missed}", now);
        if (written)
        {
            await Audit.RecordAsync(transaction, loan.ChamaId, Actor.System("loans"), "loan.defaulted", $"{loan.Code} missed:{position.Missed}", now);
        }

        return written;
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(NairobiTime.Offset).DateTime);
}
