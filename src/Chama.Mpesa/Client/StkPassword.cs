using System.Globalization;
using System.Text;

namespace Chama.Mpesa.Client;

/// <summary>The STK push password: Base64 of shortcode + passkey + timestamp, the timestamp in Nairobi time.</summary>
public static class StkPassword
{
    private static readonly TimeSpan Nairobi = TimeSpan.FromHours(3);

    public static string Timestamp(DateTimeOffset now) => now.ToOffset(Nairobi).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public static string Compute(string shortCode, string passKey, string timestamp) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(shortCode + passKey + timestamp));
}
