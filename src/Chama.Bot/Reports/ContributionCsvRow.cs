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
    string Channel)
{
    /// <summary>For money paid in another currency: what was paid (<c>USD 100.00</c>), else empty.</summary>
    public string PaidAbroad { get; init; } = "";

    /// <summary>The rate the recording officer typed, else empty.</summary>
    public string Rate { get; init; } = "";

    /// <summary>The officer who recorded a payment by hand, else empty.</summary>
    public string RecordedBy { get; init; } = "";

    /// <summary><c>disputed</c> or <c>reversed</c> for a recorded payment, else empty.</summary>
    public string Standing { get; init; } = "";
}

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
        Map(r => r.PaidAbroad).Name("Paid in another currency");
        Map(r => r.Rate).Name("Rate");
        Map(r => r.RecordedBy).Name("Recorded by");
        Map(r => r.Standing).Name("Standing");
    }
}
