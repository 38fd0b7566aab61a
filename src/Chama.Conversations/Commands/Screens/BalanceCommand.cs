using Chama.Core;

namespace Chama.Conversations.Commands.Screens;

/// <summary>
/// <c>BALANCE</c> (<c>SALIO</c>), or 2 on the main menu: one screen with this cycle's paid, due now, arrears and credit;
/// welfare paid; late fines and welfare levy owed; and when the member receives the pot.
/// </summary>
public sealed class BalanceCommand : PlainCommand
{
    public override string Name => "balance";

    public override IReadOnlyList<CommandWord> Words { get; } = [new("BALANCE", Language.En), new("SALIO", Language.Sw)];

    public override async Task<FlowReply> RunAsync(FlowContext context)
    {
        var statement = await context.Services.Statements.FindAsync(context.Member, context.Today);
        if (statement is null)
        {
            return FlowReply.Finished(context.Say("no_round", new { chama = context.Chama.Name }));
        }

        var full = Render(context, statement, compact: false);
        return FlowReply.Finished(full.Length <= ScreenFit.Limit(context.IsUssd) ? full : Render(context, statement, compact: true));
    }

    /// <summary>
    /// The statement, every line. Compact, for a USSD screen it would overflow: lines of nothing (no arrears, no
    /// credit) and welfare paid are left out, and fines and levy owed are one line.
    /// </summary>
    private static string Render(FlowContext context, MemberStatement statement, bool compact)
    {
        static string Shown(Money amount, bool hideZero) => hideZero && !amount.IsPositive ? "" : amount.ToString();
        var owedToWelfare = statement.FinesOwed + statement.LevyOwed;
        return context.Say("balance", new
        {
            chama = context.Short(context.Chama.Name, 24),
            cycle = statement.Cycle.Number,
            paid = statement.Paid.ToString(),
            due = statement.DueNow.ToString(),
            round = statement.CurrentRound?.Number ?? 0,
            arrears = Shown(statement.Arrears, compact),
            credit = Shown(statement.Credit, compact),
            welfare = compact ? "" : statement.WelfarePaid.ToString(),
            fines = Shown(compact ? owedToWelfare : statement.FinesOwed, hideZero: true),
            levy = compact ? "" : Shown(statement.LevyOwed, hideZero: true),
            welfare_owed = compact && statement.LevyOwed.IsPositive,
            turn_round = statement.TurnRound?.Number ?? 0,
            turn_date = statement.TurnRound is { } turn ? context.Date(turn.DueDate) : "-",
        });
    }
}
