namespace Chama.Core;

/// <summary>
/// The words an officer names a fund by when recording a payment, in English or Swahili: the chat's <c>RECORD</c> line
/// and the dashboard's forms and uploaded files read them here. A payment that names no fund is a contribution to the pot.
/// </summary>
public static class FundWords
{
    private static readonly Dictionary<string, Fund> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["POT"] = Fund.Pot,
        ["WELFARE"] = Fund.Welfare,
        ["USTAWI"] = Fund.Welfare,
        ["SAVINGS"] = Fund.Savings,
        ["AKIBA"] = Fund.Savings,
        ["LOAN"] = Fund.Loan,
        ["MKOPO"] = Fund.Loan,
    };

    /// <summary>The fund a word names; null when it names none.</summary>
    public static Fund? Read(string word) => Words.TryGetValue(word.Trim(), out var fund) ? fund : null;

    /// <summary>The English word for a fund, as the dashboard's forms send it.</summary>
    public static string Word(Fund fund) => fund.ToString().ToUpperInvariant();
}
