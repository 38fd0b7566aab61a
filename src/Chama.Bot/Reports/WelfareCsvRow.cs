using Chama.Core;
using CsvHelper.Configuration;

namespace Chama.Bot.Reports;

/// <summary>One line of the welfare fund's statement: money in, a request, or money out, and the balance after it.</summary>
public sealed record WelfareCsvRow(
    DateOnly Date,
    TimeOnly Time,
    string Entry,
    int? Seat,
    string Member,
    string Request,
    Money? In,
    Money? Out,
    Money? Requested,
    Money Balance,
    string Currency,
    string Reference,
    string Detail);

public sealed class WelfareCsvMap : ClassMap<WelfareCsvRow>
{
    public WelfareCsvMap()
    {
        Map(r => r.Date).Name("Date").TypeConverterOption.Format(CsvFormats.Date);
        Map(r => r.Time).Name(CsvFormats.TimeHeader).TypeConverterOption.Format(CsvFormats.Time);
        Map(r => r.Entry).Name("Entry");
        Map(r => r.Seat).Name("Seat");
        Map(r => r.Member).Name("Member");
        Map(r => r.Request).Name("Request");
        Map(r => r.In).Name("In").TypeConverter<AmountConverter>();
        Map(r => r.Out).Name("Out").TypeConverter<AmountConverter>();
        Map(r => r.Requested).Name("Requested").TypeConverter<AmountConverter>();
        Map(r => r.Balance).Name("Balance").TypeConverter<AmountConverter>();
        Map(r => r.Currency).Name("Currency");
        Map(r => r.Reference).Name("Receipt or reference");
        Map(r => r.Detail).Name("Detail");
    }
}
