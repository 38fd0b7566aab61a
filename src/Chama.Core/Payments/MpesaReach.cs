namespace Chama.Core;

/// <summary>
/// Where M-Pesa can move a chama's money: it holds Kenyan shillings, and its STK push, paybill and B2C reach Kenyan
/// mobile numbers only. A chama in another currency, or a member whose phone is not Kenyan, pays the treasurer and an
/// officer records the payment; a payout to them is approved as usual and then paid and recorded by hand.
/// </summary>
public static class MpesaReach
{
    /// <summary>The one currency M-Pesa holds.</summary>
    public const string Currency = Currencies.Kes;

    /// <summary>True when M-Pesa can take this chama's money at all.</summary>
    public static bool Serves(string chamaCurrency) => chamaCurrency == Currency;

    /// <summary>True when M-Pesa can push to, or pay out to, this phone for a chama in <paramref name="chamaCurrency"/>.</summary>
    public static bool Serves(string chamaCurrency, PhoneNumber phone) => Serves(chamaCurrency) && phone.IsKenyan;
}
