using System.Globalization;
using Chama.Core;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;

namespace Chama.Bot.Reports;

/// <summary>
/// Writes money as shillings with two decimals and no thousands separator (<c>1500.00</c>), which every spreadsheet
/// reads as a number. Formatted from the integer minor units: no floating point on the way. An absent amount is empty.
/// </summary>
public sealed class ShillingsConverter : DefaultTypeConverter
{
    public static string Format(long minor)
    {
        var sign = minor < 0 ? "-" : "";
        var magnitude = Math.Abs(minor);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{magnitude / Money.MinorPerMajor}.{magnitude % Money.MinorPerMajor:00}");
    }

    public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
        value is Money money ? Format(money.Minor) : "";
}
