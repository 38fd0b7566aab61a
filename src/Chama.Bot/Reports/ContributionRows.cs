using System.Globalization;
using Chama.Core;
using Chama.Data.Reports;

namespace Chama.Bot.Reports;

/// <summary>The contributions report: every payment into a pot, oldest first.</summary>
public static class ContributionRows
{
    public static IEnumerable<ContributionCsvRow> From(IEnumerable<ContributionLine> lines, IReadOnlyDictionary<long, Member> members) =>
        lines.Where(l => l.Fund == Fund.Pot).Select(line =>
        {
            var (date, time) = CsvFormats.InNairobi(line.RecordedAt);
            var member = members[line.MemberId];
            return new ContributionCsvRow(
                date, time, line.CycleNumber, line.RoundNumber, line.DueDate, member.Seat, member.Name, line.Amount, line.CarriedForward,
                line.Amount.Currency, line.Receipt.Value, Channel(line))
            {
                PaidAbroad = line.PaidAbroad?.Paid.ToString() ?? "",
                Rate = line.PaidAbroad?.Rate.ToString(CultureInfo.InvariantCulture) ?? "",
                RecordedBy = line.RecordedByMemberId is { } officer && members.TryGetValue(officer, out var recorder) ? recorder.Name : "",
                Standing = line.Standing,
            };
        });

    /// <summary>How the money came: an STK push (and the channel it was asked on), the paybill, or who recorded it where.</summary>
    public static string Channel(ContributionLine line) => line switch
    {
        { PushChannel: { } channel } => $"M-Pesa STK push ({channel})",
        { AllocatedFromSuspense: true } => $"M-Pesa paybill, allocated by an officer ({line.RecordedVia})",
        { RecordedVia: "mpesa-paybill" } => "M-Pesa paybill",
        { Receipt.Kind: ReceiptKind.Cash } => $"cash, recorded ({line.RecordedVia})",
        { Receipt.Kind: ReceiptKind.Bank } => $"bank transfer, recorded ({line.RecordedVia})",
        { RecordedByMemberId: not null } => $"M-Pesa to an officer's number, recorded ({line.RecordedVia})",
        _ => line.RecordedVia ?? "",
    };
}
