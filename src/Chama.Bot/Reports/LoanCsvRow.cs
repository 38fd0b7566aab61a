using Chama.Core;
using CsvHelper.Configuration;

namespace Chama.Bot.Reports;

/// <summary>
/// One movement of a loan: its payout, a month's interest or an instalment's penalty charged, a repayment or a recovery
/// with how it was split, and the principal the loan still owes after it.
/// </summary>
public sealed record LoanCsvRow(
    DateOnly Date,
    TimeOnly Time,
    string Loan,
    string Entry,
    int Seat,
    string Member,
    int? Instalment,
    Money Amount,
    Money? Penalty,
    Money? Interest,
    Money? Principal,
    Money PrincipalOwed,
    string Currency,
    string Reference);

public sealed class LoanCsvMap : ClassMap<LoanCsvRow>
{
    public LoanCsvMap()
    {
        Map(r => r.Date).Name("Date").TypeConverterOption.Format(CsvFormats.Date);
        Map(r => r.Time).Name(CsvFormats.TimeHeader).TypeConverterOption.Format(CsvFormats.Time);
        Map(r => r.Loan).Name("Loan");
        Map(r => r.Entry).Name("Entry");
        Map(r => r.Seat).Name("Seat");
        Map(r => r.Member).Name("Member");
        Map(r => r.Instalment).Name("Instalment");
        Map(r => r.Amount).Name("Amount").TypeConverter<AmountConverter>();
        Map(r => r.Penalty).Name("To penalty").TypeConverter<AmountConverter>();
        Map(r => r.Interest).Name("To interest").TypeConverter<AmountConverter>();
        Map(r => r.Principal).Name("To principal").TypeConverter<AmountConverter>();
        Map(r => r.PrincipalOwed).Name("Principal owed after").TypeConverter<AmountConverter>();
        Map(r => r.Currency).Name("Currency");
        Map(r => r.Reference).Name("Receipt or reference");
    }
}
