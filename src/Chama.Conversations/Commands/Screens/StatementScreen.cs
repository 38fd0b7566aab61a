using System.Globalization;
using Chama.Core;

namespace Chama.Conversations.Commands.Screens;

/// <summary>
/// The member's own statement for the running cycle (<see cref="CycleStatement"/>): on WhatsApp every movement with the
/// balance it leaves, in pages that fit one message (page 1 the newest, <c>STATEMENT 2</c> the movements before it);
/// on USSD the last five movements on one screen. Only ever the asking member's own.
/// </summary>
public static class StatementScreen
{
    /// <summary>How many movements the USSD mini-statement shows, when they fit.</summary>
    public const int MiniCount = 5;

    public static async Task<FlowReply> ShowAsync(FlowContext context, int page)
    {
        var statement = await context.Services.CycleStatements.FindAsync(context.Member, context.Today);
        if (statement is null)
        {
            return FlowReply.Finished(context.Say("no_round", new { chama = context.Chama.Name }));
        }

        return FlowReply.Finished(context.IsUssd ? Mini(context, statement) : Page(context, statement, page));
    }

    /// <summary>The last movements, as many of the last five as fit one USSD screen.</summary>
    private static string Mini(FlowContext context, CycleStatement statement)
    {
        var last = statement.Last(MiniCount).Select(line => Line(context, line)).ToList();
        return ScreenFit.Longest(last.Count, ussd: true, shown => context.Say("statement", Model(context, statement, last.Skip(last.Count - shown), page: 1, pages: 1)));
    }

    private static string Page(FlowContext context, CycleStatement statement, int page)
    {
        var lines = statement.Lines.Select(line => Line(context, line)).ToList();

        // The page's frame at its longest (the most digits, the line asking for the next page) sets what is left for lines.
        var frame = context.Say("statement", Model(context, statement, [], page: 999, pages: 1_000)).Length;
        var pages = ScreenFit.PagesFromNewest(lines, ScreenFit.WhatsAppLimit - frame);
        var shown = Math.Clamp(page, 1, pages.Count);
        return context.Say("statement", Model(context, statement, pages[shown - 1], shown, pages.Count));
    }

    private static object Model(FlowContext context, CycleStatement statement, IEnumerable<string> lines, int page, int pages) => new
    {
        chama = context.Short(context.Chama.Name, 24),
        name = statement.Member.Name,
        cycle = statement.Cycle.Number,
        lines = string.Join('\n', lines),
        count = lines.Count(),
        page,
        pages,
        next = page + 1,
        more = page < pages,
        balance = statement.Balance.ToString(),
        owed = statement.Balance.IsNegative,
        ahead = statement.Balance.IsPositive,
        paid = statement.Paid.ToString(),
        due = statement.Due.ToString(),
        brought = statement.BroughtForward.IsZero ? "" : statement.BroughtForward.ToString(),
        welfare = statement.WelfarePaid.IsZero ? "" : statement.WelfarePaid.ToString(),
        savings = statement.SavingsPaid.IsZero ? "" : statement.SavingsPaid.ToString(),
    };

    /// <summary>One movement; the balance only where the movement changes it (the pot's dues and payments).</summary>
    private static string Line(FlowContext context, StatementLine line)
    {
        var movement = line.Movement;
        var at = movement.At.ToOffset(NairobiTime.Offset);
        return context.Say("statement_line", new
        {
            kind = movement.Kind.ToString(),
            date = at.ToString(context.IsUssd ? "d/M" : "d MMM", CultureInfo.InvariantCulture),
            amount = context.IsUssd ? movement.Amount.FormatAmount() : movement.Amount.ToString(),
            round = movement.Round ?? 0,
            reference = movement.Reference,
            route = movement.Route.ToString(),
            voluntary = movement.Voluntary,
            paid = movement.PaidAbroad?.Paid.ToString() ?? "",
            rate = movement.PaidAbroad?.Rate.ToString(CultureInfo.InvariantCulture) ?? "",
            balance = movement.Effect.IsZero ? "" : line.Balance.ToString(),
            loan = movement.Loan,
            penalty = movement.Split is { Penalty.IsPositive: true } split ? split.Penalty.ToString() : "",
            interest = movement.Split?.Interest.ToString() ?? "",
            principal = movement.Split?.Principal.ToString() ?? "",
            to_savings = movement.Split is { Excess.IsPositive: true } excess ? excess.Excess.ToString() : "",
        });
    }
}
