namespace Chama.Mpesa.Callbacks;

/// <summary>
/// A paybill payment (C2B validation or confirmation). The payer's number may be masked: the account reference
/// (<see cref="BillRefNumber"/>) is what identifies the member.
/// </summary>
public sealed record C2BTransaction(string TransId, string TransTime, long AmountCents, string BusinessShortCode, string BillRefNumber, string MaskedMsisdn, string FirstName)
{
    public static C2BTransaction? Parse(string body)
    {
        using var document = CallbackJson.Parse(body);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;

        var id = CallbackJson.Text(root, "TransID");
        var amount = CallbackJson.Cents(CallbackJson.Text(root, "TransAmount"));
        return string.IsNullOrWhiteSpace(id) || amount is not > 0
            ? null
            : new C2BTransaction(
                id.Trim(),
                CallbackJson.Text(root, "TransTime") ?? "",
                amount.Value,
                CallbackJson.Text(root, "BusinessShortCode") ?? "",
                (CallbackJson.Text(root, "BillRefNumber") ?? "").Trim(),
                CallbackJson.Text(root, "MSISDN") ?? "",
                CallbackJson.Text(root, "FirstName") ?? "");
    }
}
