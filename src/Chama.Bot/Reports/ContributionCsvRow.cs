using Chama.Core;
using CsvHelper.Configuration;

namespace Chama.Bot.Reports;

/// <summary>One payment into a pot.</summary>
public sealed record ContributionCsvRow(
    DateOnly Date,
    TimeOnly Time,
    int? Cycle,
    int? Round,
    DateOnly? DueDate,
    int Seat,
    string Member,
    Money Amount,
    Money CarriedForward,
    string Currency,
    string Receipt,
    string Channel);

public sealed class ContributionCsvMap : ClassMap<ContributionCsvRow>
{
    public ContributionCsvMap()
    {
        Map(r => r.Date).Name("Date").TypeConverterOption.Format(CsvFormats.Date);
        Map(r => r.Time).Name(CsvFormats.TimeHeader).TypeConverterOption.Format(CsvFormats.Time);
        Map(r => r.Cycle).Name("Cycle");
        Map(r => r.Round).Name("Round");
        Map(r => r.DueDate).Name("Due date").TypeConverterOption.Format(CsvFormats.Date);
        Map(r => r.Seat).Name("Seat");
        Map(r => r.Member).Name("Member");
        Map(r => r.Amount).Name("Amount").TypeConverter<AmountConverter>();
        Map(r => r.CarriedForward).Name("Carried to next round").TypeConverter<AmountConverter>();
        Map(r => r.Currency).Name("Currency");
        Map(r => r.Receipt).Name("M-Pesa receipt");
        Map(r => r.Channel).Name("Channel");
    }
}
