using Chama.Core;
using CsvHelper.Configuration;

namespace Chama.Bot.Reports;

/// <summary>
/// One line of a member's statement: the movement, what it added to or took from the balance, and the balance after it,
/// as owed or paid ahead. Every amount is zero or more: a spreadsheet cell starting with a minus sign is one a formula
/// could hide in, so the writer would turn it into text.
/// </summary>
public sealed record StatementCsvRow(
    DateOnly Date,
    TimeOnly Time,
    int Seat,
    string Member,
    string Movement,
    int? Round,
    Money Amount,
    Money? In,
    Money? Out,
    Money Owed,
    Money PaidAhead,
    string Currency,
    string Reference,
    string How);

public sealed class StatementCsvMap : ClassMap<StatementCsvRow>
{
    public StatementCsvMap()
    {
        Map(r => r.Date).Name("Date").TypeConverterOption.Format(CsvFormats.Date);
        Map(r => r.Time).Name(CsvFormats.TimeHeader).TypeConverterOption.Format(CsvFormats.Time);
        Map(r => r.Seat).Name("Seat");
        Map(r => r.Member).Name("Member");
        Map(r => r.Movement).Name("Movement");
        Map(r => r.Round).Name("Round");
        Map(r => r.Amount).Name("Amount").TypeConverter<AmountConverter>();
        Map(r => r.In).Name("In").TypeConverter<AmountConverter>();
        Map(r => r.Out).Name("Out").TypeConverter<AmountConverter>();
        Map(r => r.Owed).Name("Balance owed").TypeConverter<AmountConverter>();
        Map(r => r.PaidAhead).Name("Balance paid ahead").TypeConverter<AmountConverter>();
        Map(r => r.Currency).Name("Currency");
        Map(r => r.Reference).Name("Receipt or reference");
        Map(r => r.How).Name("How");
    }
}
