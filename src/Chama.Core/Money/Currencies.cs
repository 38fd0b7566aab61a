using System.Collections.Frozen;

namespace Chama.Core;

/// <summary>
/// The currencies a chama may keep its books in: every active code of ISO 4217 List One (as published 2024-06-25, with
/// XCG added in 2025) and its minor units, the number of decimals its amounts have. Codes without minor units in the
/// standard (gold, SDR, test codes such as XTS and XXX) are not money a chama keeps and are not here.
/// </summary>
public static class Currencies
{
    /// <summary>Kenyan shillings: the currency of the M-Pesa Daraja APIs and of every chama made before currencies were offered.</summary>
    public const string Kes = "KES";

    private static readonly FrozenDictionary<string, int> MinorDigits = Codes(0, "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF")
        .Concat(Codes(2, """
            AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD
            BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD
            EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR
            IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP
            MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN
            QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB
            TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW
            ZWG
            """))
        .Concat(Codes(3, "BHD IQD JOD KWD LYD OMR TND"))
        .Concat(Codes(4, "CLF UYW"))
        .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every code in the table.</summary>
    public static IEnumerable<string> All => MinorDigits.Keys;

    public static bool IsKnown(string? code) => code is not null && MinorDigits.ContainsKey(code);

    /// <summary>How many decimals the currency's amounts have: 2 for KES, USD, GBP, EUR; 0 for UGX, JPY, RWF; 3 for BHD, KWD.</summary>
    public static int MinorUnits(string code) =>
        MinorDigits.TryGetValue(code, out var digits) ? digits : throw Unknown(code);

    /// <summary>Minor units in one major unit: 100 for KES (cents), 1 for UGX, 1,000 for KWD (fils).</summary>
    public static long MinorPerMajor(string code) => MinorUnits(code) switch
    {
        0 => 1,
        1 => 10,
        2 => 100,
        3 => 1_000,
        _ => 10_000,
    };

    /// <summary>
    /// A code as an operator types it (<c>usd</c>, <c> GBP </c>) in its ISO form; refused with
    /// <see cref="ChamaError.UnknownCurrency"/> when it is not an active ISO 4217 currency.
    /// </summary>
    public static string Parse(string? text)
    {
        var code = (text ?? "").Trim().ToUpperInvariant();
        return IsKnown(code) ? code : throw Unknown(text);
    }

    private static ChamaException Unknown(string? code) =>
        new(ChamaError.UnknownCurrency, $"'{code}' is not a currency: give an ISO 4217 code such as KES, USD, GBP, EUR or UGX.");

    private static IEnumerable<KeyValuePair<string, int>> Codes(int digits, string codes) =>
        codes.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(code => KeyValuePair.Create(code, digits));
}
