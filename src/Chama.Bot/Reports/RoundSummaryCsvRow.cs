using Chama.Core;
using CsvHelper.Configuration;

namespace Chama.Bot.Reports;

/// <summary>One round's pot: what was expected, collected and is still owed, and its payout.</summary>
public sealed record RoundSummaryCsvRow(
    int Cycle,
    int Round,
    DateOnly DueDate,
    int Seat,
    string Recipient,
    Money Expected,
    Money Collected,
    Money Remaining,
    int MembersPending,
    Money? Disbursed,
    DateOnly? PaidOutOn,
    string PayoutStatus,
    string Currency);

public sealed class RoundSummaryCsvMap : ClassMap<RoundSummaryCsvRow>
{
    public RoundSummaryCsvMap()
    {
        Map(r => r.Cycle).Name("Cycle");
        Map(r => r.Round).Name("Round");
        Map(r => r.DueDate).Name("Due date").TypeConverterOption.Format(CsvFormats.Date);
        Map(r => r.Seat).Name("Seat");
        Map(r => r.Recipient).Name("Recipient");
        Map(r => r.Expected).Name("Expected").TypeConverter<AmountConverter>();
        Map(r => r.Collected).Name("Collected").TypeConverter<AmountConverter>();
        Map(r => r.Remaining).Name("Remaining").TypeConverter<AmountConverter>();
        Map(r => r.MembersPending).Name("Members pending");
        Map(r => r.Disbursed).Name("Disbursed").TypeConverter<AmountConverter>();
        Map(r => r.PaidOutOn).Name("Paid out on").TypeConverterOption.Format(CsvFormats.Date);
        Map(r => r.PayoutStatus).Name("Payout status");
        Map(r => r.Currency).Name("Currency");
    }
}
