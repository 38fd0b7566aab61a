using Chama.Core;
using CsvHelper.Configuration;

namespace Chama.Bot.Reports;

/// <summary>One M-Pesa payout attempt of a pot or a welfare request, and where it stands.</summary>
public sealed record DisbursementCsvRow(
    DateOnly ApprovedOn,
    string Kind,
    string Subject,
    int? Cycle,
    int? Round,
    int Seat,
    string Recipient,
    Money Amount,
    string Currency,
    int Attempt,
    string Status,
    DateOnly StatusOn,
    string TransactionId,
    string Detail,
    string OriginatorConversationId);

public sealed class DisbursementCsvMap : ClassMap<DisbursementCsvRow>
{
    public DisbursementCsvMap()
    {
        Map(r => r.ApprovedOn).Name("Approved on").TypeConverterOption.Format(CsvFormats.Date);
        Map(r => r.Kind).Name("Kind");
        Map(r => r.Subject).Name("Payout");
        Map(r => r.Cycle).Name("Cycle");
        Map(r => r.Round).Name("Round");
        Map(r => r.Seat).Name("Seat");
        Map(r => r.Recipient).Name("Recipient");
        Map(r => r.Amount).Name("Amount").TypeConverter<AmountConverter>();
        Map(r => r.Currency).Name("Currency");
        Map(r => r.Attempt).Name("Attempt");
        Map(r => r.Status).Name("Status");
        Map(r => r.StatusOn).Name("Status on").TypeConverterOption.Format(CsvFormats.Date);
        Map(r => r.TransactionId).Name("M-Pesa transaction id");
        Map(r => r.Detail).Name("Detail");
        Map(r => r.OriginatorConversationId).Name("OriginatorConversationID");
    }
}
