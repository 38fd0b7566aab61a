using System.Globalization;
using System.Security.Cryptography;

namespace Chama.Mpesa.Simulator;

/// <summary>The identifiers M-Pesa hands out, shaped like the real ones and unique within one simulator.</summary>
internal sealed class DarajaIds(TimeProvider clock)
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Digits = "0123456789";
    private static readonly TimeSpan NairobiOffset = TimeSpan.FromHours(3);
    private readonly HashSet<string> receipts = [];
    private long sequence;

    public DateTimeOffset NairobiNow => clock.GetUtcNow().ToOffset(NairobiOffset);

    /// <summary>A moment in Nairobi time, the only time M-Pesa speaks.</summary>
    public static string Nairobi(DateTimeOffset moment, string format) => moment.ToOffset(NairobiOffset).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// Ten capitals and digits, <c>^[A-Z0-9]{10}$</c>. Like real receipts the first three encode the date
    /// (year from M = 2018, month from A, day 1–9 then A–V), so they look right in a statement.
    /// </summary>
    public string Receipt()
    {
        var now = NairobiNow;
        var prefix = string.Concat(
            (char)('A' + Math.Clamp(now.Year - 2018 + 12, 0, 25)),
            (char)('A' + now.Month - 1),
            now.Day < 10 ? (char)('0' + now.Day) : (char)('A' + now.Day - 10));
        lock (receipts)
        {
            string receipt;
            do
            {
                receipt = prefix + RandomNumberGenerator.GetString(Alphanumerics, 7);
            }
            while (!receipts.Add(receipt));
            return receipt;
        }
    }

    /// <summary>Like <c>ws_CO_1007202409152617172396192</c>: the Nairobi time, then digits that make it unique.</summary>
    public string CheckoutRequestId() =>
        $"ws_CO_{NairobiNow.ToString("ddMMyyyyHHmmss", CultureInfo.InvariantCulture)}{RandomNumberGenerator.GetString(Digits, 6)}{Next():D5}";

    /// <summary>Like <c>2654-4b64-97ff-b827b542881d3130</c>.</summary>
    public string MerchantRequestId()
    {
        var hex = Guid.NewGuid().ToString("N");
        return $"{hex[..4]}-{hex[4..8]}-{hex[8..12]}-{hex[12..24]}{Next()}";
    }

    /// <summary>Like <c>AG_20240706_20106e9209f64bebd05b</c>.</summary>
    public string ConversationId() =>
        $"AG_{NairobiNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}_{Guid.NewGuid().ToString("N")[..16]}{Next():x4}";

    public string OriginatorConversationId() => $"{RandomNumberGenerator.GetInt32(10000, 99999)}-{Next()}-1";

    private long Next() => Interlocked.Increment(ref sequence);
}
