using Chama.Core;
using Chama.Data.Savings;

namespace Chama.Conversations.Commands.Screens;

/// <summary>
/// <c>BALANCE</c> (<c>SALIO</c>), or 2 on the main menu: one screen with this cycle's paid, due now, arrears and credit;
/// welfare paid; late fines and welfare levy owed; when the member receives the pot; and, where the chama saves or
/// lends, the member's savings (and what a meeting asks), the pledges held against them and their open loan.
/// </summary>
public sealed class BalanceCommand : PlainCommand
{
    public override string Name => "balance";

    public override IReadOnlyList<CommandWord> Words { get; } = [new("BALANCE", Language.En), new("SALIO", Language.Sw)];

    public override async Task<FlowReply> RunAsync(FlowContext context)
    {
        var statement = await context.Services.Statements.FindAsync(context.Member, context.Today);
        var account = await context.Services.Savings.FindAsync(context.Member, context.Chama, context.Today);
        if (statement is null && !SavesOrLends(context, account))
        {
            return FlowReply.Finished(context.Say("no_round", new { chama = context.Chama.Name }));
        }

        var full = Render(context, statement, account, compact: false);
        return FlowReply.Finished(full.Length <= ScreenFit.Limit(context.IsUssd) ? full : Render(context, statement, account, compact: true));
    }

    /// <summary>The chama keeps savings or lends, or the member has savings, pledges or a loan from when it did.</summary>
    private static bool SavesOrLends(FlowContext context, SavingsAccount account) =>
        context.Chama.Constitution.SavingsPerMeeting.IsPositive || context.Chama.Constitution.Lending.Lends
        || !account.Savings.IsZero || account.Pledged.IsPositive || account.Loan is not null;

    /// <summary>
    /// The statement, every line. Compact, for a USSD screen it would overflow: lines of nothing (no arrears, no
    /// credit), welfare paid and pledges are left out, and fines and levy owed are one line.
    /// </summary>
    private static string Render(FlowContext context, MemberStatement? statement, SavingsAccount account, bool compact)
    {
        static string Shown(Money amount, bool hideZero) => hideZero && !amount.IsPositive ? "" : amount.ToString();
        var zero = Money.Zero(context.Chama.Currency);
        var owedToWelfare = (statement?.FinesOwed ?? zero) + (statement?.LevyOwed ?? zero);
        var loan = account.Loan;
        return context.Say("balance", new
        {
            chama = context.Short(context.Chama.Name, 24),
            cycle = statement?.Cycle.Number ?? 0,
            paid = statement?.Paid.ToString() ?? "",
            due = statement?.DueNow.ToString() ?? "",
            round = statement?.CurrentRound?.Number ?? 0,
            arrears = Shown(statement?.Arrears ?? zero, compact),
            credit = Shown(statement?.Credit ?? zero, compact),
            welfare = compact || statement is null ? "" : statement.WelfarePaid.ToString(),
            fines = Shown(compact ? owedToWelfare : statement?.FinesOwed ?? zero, hideZero: true),
            levy = compact ? "" : Shown(statement?.LevyOwed ?? zero, hideZero: true),
            welfare_owed = compact && statement is { LevyOwed.IsPositive: true },
            turn_round = statement?.TurnRound?.Number ?? 0,
            turn_date = statement?.TurnRound is { } turn ? context.Date(turn.DueDate) : "-",
            savings = SavesOrLends(context, account) ? account.Savings.ToString() : "",
            savings_due = Shown(context.Chama.Constitution.SavingsPerMeeting, hideZero: true),
            pledged = compact ? "" : Shown(account.Pledged, hideZero: true),
            loan = loan?.Code ?? "",
            loan_stage = loan?.Stage.ToString() ?? "",
            loan_owed = loan?.Outstanding.ToString() ?? "",
            next = loan?.Next is null ? "" : loan.NextAmount.ToString(),
            next_date = loan?.Next is { } next ? context.Date(next.Due) : "",
            late = loan?.Late ?? 0,
        });
    }
}
