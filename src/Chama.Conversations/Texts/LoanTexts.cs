using System.Globalization;
using Chama.Core;
using Chama.Data.Loans;
using Chama.Data.Outbox;

namespace Chama.Conversations.Texts;

/// <summary>
/// The words of a loan request, in each reader's language: its schedule, a refusal, and the news its borrower,
/// guarantors and officers are sent (<see cref="LoanNotices"/>), each keyed so that it is queued once.
/// </summary>
public static class LoanTexts
{
    /// <summary>
    /// Each instalment with its date, the total interest and the total to repay. <paramref name="asIfToday"/>: the dates
    /// are those of a loan paid out today (the real ones start the day the money arrives). USSD has room for the first
    /// instalment only, and says how many follow.
    /// </summary>
    public static string Schedule(MessageTexts texts, Language language, LoanSchedule schedule, bool asIfToday, bool ussd = false) =>
        texts.Render(language, "loan_schedule", new
        {
            items = schedule.Instalments.Select(i => new
            {
                number = i.Number,
                due = Day(i.Due),
                amount = i.Amount.ToString(),
                principal = i.Principal.ToString(),
                interest = i.Interest.ToString(),
            }).ToList(),
            count = schedule.Instalments.Count,
            total_interest = schedule.TotalInterest.ToString(),
            total = schedule.Total.ToString(),
            as_if_today = asIfToday,
        }, ussd);

    /// <summary>Why a request was refused, from its error, saying the limit where there is one.</summary>
    public static string Refusal(MessageTexts texts, Language language, ChamaException refused, Money most, int guarantors, bool ussd = false) =>
        texts.Render(language, "loan_refused", new
        {
            reason = refused.Error switch
            {
                ChamaError.LendingOff => "off",
                ChamaError.LoanAlreadyOpen => "open",
                ChamaError.LoanTermNotAllowed => "term",
                ChamaError.LoanAboveLimit or ChamaError.LendingFundExhausted or ChamaError.InvalidAmount => "amount",
                ChamaError.GuarantorNotEligible => "guarantor",
                ChamaError.GuarantorSavingsShort => "guarantor_savings",
                ChamaError.QuorumUnreachable => "quorum",
                _ => "other",
            },
            most = most.ToString(),
            guarantors,
        }, ussd);

    /// <summary>The messages each piece of loan news sends, in the reader's language.</summary>
    public static LoanNotices Notices(MessageTexts texts) => news => NewsMessages(texts, news);

    private static IEnumerable<OutboundMessage> NewsMessages(MessageTexts texts, LoanNews news)
    {
        var loan = news.Loan;
        var kind = news.Kind.ToString().ToLowerInvariant();
        OutboundMessage To(Member member, string role) => new(
            $"loan:{loan.Id}:{kind}:{member.Id}", loan.ChamaId, member.Id, member.Phone, texts.Render(member.Language, "loan_news", new
            {
                kind,
                to = role,
                chama = news.Chama.Name,
                code = loan.Code,
                borrower = loan.Borrower.Name,
                amount = loan.Principal.ToString(),
                term = loan.TermMonths,
                pledge = loan.Guarantees.FirstOrDefault()?.Pledge.ToString() ?? "",
                by = news.By?.Name ?? "",
                reason = news.Reason ?? "",
                guarantors = string.Join(", ", loan.Guarantees.Select(g => g.Member.Name)),
                approvals = loan.Approvals,
                required = loan.Required,
            }));

        var guarantors = loan.Guarantees.Select(g => g.Member).ToList();
        var voters = news.Officers.Where(o => !loan.Concerned.Contains(o.Id)).ToList();
        var recipients = news.Kind switch
        {
            LoanNewsKind.Asked => guarantors.Select(g => (g, "guarantor")),
            LoanNewsKind.Guaranteed => voters.Select(o => (o, "officer")).Prepend((loan.Borrower, "borrower")),
            LoanNewsKind.Declined => guarantors.Where(g => g.Id != news.By?.Id).Select(g => (g, "guarantor")).Prepend((loan.Borrower, "borrower")),
            LoanNewsKind.Withdrawn => guarantors.Select(g => (g, "guarantor")).Concat(voters.Select(o => (o, "officer"))),
            LoanNewsKind.Approved => guarantors.Select(g => (g, "guarantor")).Prepend((loan.Borrower, "borrower")),
            _ => guarantors.Select(g => (g, "guarantor")).Prepend((loan.Borrower, "borrower")),
        };
        return recipients.Select(r => To(r.Item1, r.Item2));
    }

    private static string Day(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
