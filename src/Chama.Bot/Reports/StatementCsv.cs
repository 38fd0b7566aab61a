using System.Globalization;
using Chama.Conversations.Texts;
using Chama.Core;
using Microsoft.Net.Http.Headers;

namespace Chama.Bot.Reports;

/// <summary>
/// A member's statement for the running cycle as CSV, written as the chama's other reports are (<see cref="CsvReports"/>):
/// one row per line of the statement, oldest first, what it added to (in) or took from (out) the balance and the balance
/// after it (owed or paid ahead); movements and routes named in English, as the other reports' columns are.
/// </summary>
public sealed class StatementCsv(MessageTexts texts)
{
    public Task WriteAsync(CycleStatement statement, Stream output, CancellationToken cancellationToken = default) =>
        CsvReports.WriteAsync<StatementCsvRow, StatementCsvMap>(Rows(statement), output, cancellationToken);

    public IEnumerable<StatementCsvRow> Rows(CycleStatement statement) => statement.Lines.Select(line =>
    {
        var movement = line.Movement;
        var (date, time) = CsvFormats.InNairobi(movement.At);
        var zero = Money.Zero(movement.Amount.Currency);
        return new StatementCsvRow(
            date, time, statement.Member.Seat, statement.Member.Name,
            texts.Render(Language.En, "statement_kind", new { kind = movement.Kind.ToString(), voluntary = movement.Voluntary }),
            movement.Round, movement.Amount,
            movement.Effect.IsPositive ? movement.Effect : null,
            movement.Effect.IsNegative ? zero - movement.Effect : null,
            line.Balance.IsNegative ? zero - line.Balance : zero,
            line.Balance.IsPositive ? line.Balance : zero,
            movement.Amount.Currency, movement.Reference,
            StatementTexts.Route(texts, Language.En, movement));
    });

    /// <summary><c>umoja-statement-seat-4-2026-01-10.csv</c>: the chama, the member's seat and the day it was taken.</summary>
    public static string FileName(ChamaGroup chama, Member member, DateOnly asOf) =>
        $"{chama.Code.ToLowerInvariant()}-statement-seat-{member.Seat}-{asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";

    public static string ContentDisposition(ChamaGroup chama, Member member, DateOnly asOf) =>
        new ContentDispositionHeaderValue("attachment") { FileName = FileName(chama, member, asOf) }.ToString();
}
