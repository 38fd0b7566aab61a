using Chama.Core;

namespace Chama.Data.Savings;

/// <summary>
/// The chama's pooled lending fund at one moment: the members' savings, the interest and penalties earned and not yet
/// shared out, the principal lent and not yet repaid or recovered, and <see cref="Balance"/>, the cash the fund holds
/// (what could be lent or paid out now).
/// </summary>
public sealed record PooledFund(Money Savings, Money Earnings, Money LentOut)
{
    public Money Balance => Savings + Earnings - LentOut;
}
