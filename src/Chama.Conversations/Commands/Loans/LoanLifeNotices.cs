using System.Globalization;
using Chama.Conversations.Texts;
using Chama.Core;
using Chama.Data.Loans;
using Chama.Data.Outbox;

namespace Chama.Conversations.Commands.Loans;

/// <summary>
/// The messages of a loan's life, each in its reader's language: the borrower told of each charge; on default the
/// borrower, the guarantors and every officer; after a recovery the same people. Keys make each message once.
/// </summary>
public static class LoanLifeNotices
{
    /// <summary>What a pass of charges says: each charge to the borrower; a default to everyone it concerns.</summary>
    public static LoanChargeNotices Charged(MessageTexts texts, ChamaGroup chama) => (made, officers) =>
    {
        var loan = made.Loan;
        var position = made.Position;
        var owed = Owed(position);
        var messages = made.Charged.Select(charge => Message(
            $"loan-charge:{loan.Id}:{charge.Instalment}:{charge.Kind.ToString().ToLowerInvariant()}",
            loan.Borrower,
            texts.Render(loan.Borrower.Language, "loan_charged", new
            {
                kind = charge.Kind.ToString().ToLowerInvariant(),
                name = loan.Borrower.Name,
                chama = chama.Name,
                code = loan.Code,
                amount = charge.Amount.ToString(),
                month = charge.Instalment,
                rate = RuleChange.Percent(loan.Facts.MonthlyRateBasisPoints),
                reducing = loan.Facts.Method == InterestMethod.Reducing,
                percent = loan.Facts.PenaltyPercent,
                grace = chama.Constitution.GraceDays,
                due_date = Date(loan.Schedule.Instalments[charge.Instalment - 1].Due),
                owed = owed.ToString(),
                due = position.DueNow.IsPositive ? position.DueNow.ToString() : "",
            }))).ToList();
        if (made.DefaultedNow)
        {
            messages.AddRange(Concerned(loan, officers).Select(reader => Message(
                $"loan-default:{loan.Id}:{reader.Member.Id}",
                reader.Member,
                texts.Render(reader.Member.Language, "loan_defaulted", new
                {
                    role = reader.Role,
                    name = reader.Member.Name,
                    borrower = loan.Borrower.Name,
                    chama = chama.Name,
                    code = loan.Code,
                    missed = position.Missed,
                    default_after = made.DefaultAfterMissed,
                    owed = owed.ToString(),
                    pledge = reader.Pledge?.ToString() ?? "",
                    pledges = Pledged(loan).ToString(),
                }))));
        }

        return messages;
    };

    /// <summary>What a carried recovery says to the borrower, each guarantor and every officer.</summary>
    public static RecoveryNotices Recovered(MessageTexts texts, string chama) => (recovered, officers) =>
    {
        var loan = recovered.Loan;
        var total = recovered.Taken.Aggregate(Money.Zero(loan.Principal.Currency), (sum, t) => sum + t.Amount);
        return Concerned(loan, officers).Select(reader => Message(
            $"loan-recovered:{loan.Id}:{reader.Member.Id}",
            reader.Member,
            texts.Render(reader.Member.Language, "loan_recovered", new
            {
                role = reader.Role,
                name = reader.Member.Name,
                borrower = loan.Borrower.Name,
                chama,
                loan = loan.Code,
                taken = (recovered.Taken.FirstOrDefault(t => t.MemberId == reader.Member.Id)?.Amount ?? Money.Zero(total.Currency)).ToString(),
                pledge = reader.Pledge?.ToString() ?? "",
                total = total.ToString(),
                outstanding = Owed(recovered.After).ToString(),
                repaid = recovered.Repaid,
            })));
    };

    /// <summary>Everything owed on the loan: principal, interest and penalties.</summary>
    public static Money Owed(LoanPosition position) => position.PrincipalOutstanding + position.InterestOwed + position.PenaltyOwed;

    /// <summary>What the accepted guarantors pledged together.</summary>
    public static Money Pledged(LoanLife loan) =>
        loan.Guarantors.Where(g => g.Accepted == true).Aggregate(Money.Zero(loan.Principal.Currency), (sum, g) => sum + g.Pledge);


    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The borrower, each accepted guarantor and every active officer, each once, in the role that concerns them most.</summary>
    private static IEnumerable<(Member Member, string Role, Money? Pledge)> Concerned(LoanLife loan, IReadOnlyList<Member> officers)
    {
        var readers = new List<(Member Member, string Role, Money? Pledge)> { (loan.Borrower, "borrower", null) };
        readers.AddRange(loan.Guarantors.Where(g => g.Accepted == true).Select(g => (g.Member, "guarantor", (Money?)g.Pledge)));
        readers.AddRange(officers.Where(o => o.Active).Select(o => (o, "officer", (Money?)null)));
        return readers.DistinctBy(r => r.Member.Id);
    }

    private static OutboundMessage Message(string key, Member member, string body) => new(key, member.ChamaId, member.Id, member.Phone, body);
}
