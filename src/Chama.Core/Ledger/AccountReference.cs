using System.Text.RegularExpressions;

namespace Chama.Core;

/// <summary>
/// The account reference a member types when paying the paybill by hand: the chama's code and their seat, as
/// <c>UMOJA-4</c> (or <c>UMOJA 4</c>, <c>umoja#4</c>), or run together as a member code, <c>UMOJA4</c>. Daraja may mask the
/// payer's number, so this reference is the only thing that says whose payment it is. An ending names the fund:
/// <c>UMOJA-4-S</c> is the member's savings, <c>UMOJA-4-L</c> a repayment of their open loan; <c>L5</c> names loan 5
/// itself (<see cref="Read"/>).
/// </summary>
public static partial class AccountReference
{
    public static string For(ChamaGroup chama, Member member) => $"{chama.Code}-{member.Seat}";

    /// <summary>
    /// What a paybill reference pays: the members it could name (as <see cref="Candidates"/>) and the fund, or the loan it
    /// names by its code. A loan code could also be read as a run-together member code (<c>L15</c>: chama <c>L1</c>, seat
    /// 5), so both readings are kept and the payment takes the loan only when that loan exists.
    /// </summary>
    public static PaybillTarget Read(string? reference)
    {
        var text = (reference ?? "").Trim().ToUpperInvariant();
        if (LoanCode().Match(text) is { Success: true } loan && long.TryParse(loan.Groups[1].ValueSpan, out var loanId))
        {
            return new PaybillTarget(Candidates(text), Fund.Pot, loanId);
        }

        if (FundEnding().Match(text) is { Success: true } ending)
        {
            return new PaybillTarget(Candidates(ending.Groups[1].Value), ending.Groups[2].Value == "S" ? Fund.Savings : Fund.Loan, null);
        }

        return new PaybillTarget(Candidates(text), Fund.Pot, null);
    }

    /// <summary>
    /// Every (code, seat) the reference could mean, most likely first. A run-together reference is ambiguous when the
    /// code ends in digits (<c>AB12</c>: <c>AB</c> seat 12, or <c>AB1</c> seat 2), so each split is offered.
    /// </summary>
    public static IReadOnlyList<(string Code, int Seat)> Candidates(string? reference)
    {
        var text = (reference ?? "").Trim().ToUpperInvariant();
        if (Separated().Match(text) is { Success: true } separated)
        {
            return int.TryParse(separated.Groups[2].ValueSpan, out var seat) && seat >= 1 ? [(separated.Groups[1].Value, seat)] : [];
        }

        var candidates = new List<(string, int)>();
        if (!RunTogether().IsMatch(text))
        {
            return candidates;
        }

        for (var split = text.Length - 1; split >= 2 && char.IsAsciiDigit(text[split]); split--)
        {
            if (text.Length - split <= 3 && int.TryParse(text.AsSpan(split), out var seat) && seat >= 1)
            {
                candidates.Add((text[..split], seat));
            }
        }

        return candidates;
    }

    [GeneratedRegex(@"^L\s*[-#]?\s*(\d{1,9})$")]
    private static partial Regex LoanCode();

    [GeneratedRegex(@"^(.+?)\s*[-#/.\s]\s*([SL])$")]
    private static partial Regex FundEnding();

    [GeneratedRegex(@"^([A-Z0-9]{2,8})\s*[-#/.\s]\s*(\d{1,3})$")]
    private static partial Regex Separated();

    [GeneratedRegex("^[A-Z0-9]{3,11}$")]
    private static partial Regex RunTogether();
}

/// <summary>
/// What a paybill account reference pays: a member among <paramref name="Members"/> (most likely first) and the fund,
/// or the loan <paramref name="LoanId"/> when it names one.
/// </summary>
public sealed record PaybillTarget(IReadOnlyList<(string Code, int Seat)> Members, Fund Fund, long? LoanId);
