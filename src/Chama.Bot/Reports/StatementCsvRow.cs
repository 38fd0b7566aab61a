using Chama.Core;
using CsvHelper.Configuration;

namespace Chama.Bot.Reports;

/// <summary>One line of a member's statement: the movement, what it did to the balance, and the balance after it.</summary>
public sealed record StatementCsvRow(
    DateOnly Date,
    TimeOnly Time,
    int Seat,
    string Member,
    string Movement,
    int? Round,
    Money Amount,
    Money BalanceEffect,
    Money Balance,
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
        Map(r => r.Amount).Name("Amount").TypeConverter<ShillingsConverter>();
        Map(r => r.BalanceEffect).Name("Balance effect").TypeConverter<ShillingsConverter>();
        Map(r => r.Balance).Name("Balance").TypeConverter<ShillingsConverter>();
        Map(r => r.Currency).Name("Currency");
        Map(r => r.Reference).Name("Receipt or reference");
        Map(r => r.How).Name("How");
    }
}
