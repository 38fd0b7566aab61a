using Chama.Core;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;

namespace Chama.Bot.Reports;

/// <summary>
/// Writes money in its own currency as a plain number with all the currency's minor digits and no thousands separator
/// (<c>1500.00</c> KES, <c>50.00</c> GBP, <c>50000</c> UGX), which every spreadsheet reads as a number; the row's
/// Currency column names the currency. Formatted from the integer minor units: no floating point on the way. An absent
/// amount is empty.
/// </summary>
public sealed class AmountConverter : DefaultTypeConverter
{
    public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        value is Money money ? money.FormatPlain() : "";
}
