namespace Chama.Core;

/// <summary>Where a chama's money sits.</summary>
public enum AccountKind
{
    /// <summary>The chama's M-Pesa paybill: STK pushes and paybill payments arrive here, B2C payouts leave from here.</summary>
    Mpesa,

    /// <summary>The chama's bank account, when it has one: transfers recorded with a <c>BANK-</c> reference.</summary>
    Bank,

    /// <summary>Cash held by a named officer (the treasurer unless the chama names another): payments recorded as cash.</summary>
    Cash,
}

/// <summary>
/// One of a chama's accounts. The M-Pesa paybill needs no row of its own; a bank account has a name (bank and number);
/// the cash account names the officer who holds the cash (<see cref="Name"/> is then theirs).
/// </summary>
public sealed record ChamaAccount(AccountKind Kind, string Name, long? HolderMemberId)
{
    public static string ValidateBankName(string? name)
    {
        var trimmed = Text.TextInput.Line(name);
        return trimmed.Length is >= 3 and <= 60
            ? trimmed
            : throw new ChamaException(ChamaError.InvalidChama, "A bank account needs its bank and number, 3 to 60 characters (for example 'Equity 0123456789').");
    }
}

/// <summary>An account's balance: what came in less what went out, and each movement with the running balance.</summary>
public sealed record AccountBalance(ChamaAccount Account, Money In, Money Out)
{
    public Money Balance => In - Out;
}

/// <summary>One movement of an account: money in is positive, money out negative.</summary>
public sealed record AccountMovement(DateTimeOffset At, string Reference, string MemberName, string What, Money Amount);
