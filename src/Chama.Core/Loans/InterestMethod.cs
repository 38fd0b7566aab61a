namespace Chama.Core;

/// <summary>How a loan's interest is reckoned each month.</summary>
public enum InterestMethod
{
    /// <summary>The monthly rate on the amount first lent, every month the loan runs.</summary>
    Flat,

    /// <summary>The monthly rate on the principal still owed: repaying early stops the interest on what was repaid.</summary>
    Reducing,
}
