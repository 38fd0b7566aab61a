using Chama.Core;
using Chama.Data.Chamas;
using Chama.Mpesa.Client;

namespace Chama.Bot.Payments;

/// <summary>
/// The payments port on Daraja: an STK push for the request's amount to the member's phone, with the member's paybill
/// account reference (<c>UMOJA-4</c>) shown in the prompt and what it pays (<c>Contribution</c>, <c>Fines</c> or
/// <c>Welfare</c>, each within Daraja's 13 characters) as its description. The push is sent once; its outcome arrives by callback or, failing that, by the reconciliation
/// worker's query.
/// </summary>
public sealed class DarajaStkPush(DarajaClient daraja, ChamaStore chamas) : IStkPushGateway
{
    public async Task<string> StartAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        var chama = await chamas.FindChamaAsync(request.ChamaId, cancellationToken)
            ?? throw new ChamaException(ChamaError.UnknownChama, $"There is no chama {request.ChamaId}.");
        var member = await chamas.FindMemberAsync(request.MemberId, cancellationToken)
            ?? throw new ChamaException(ChamaError.UnknownMember, $"There is no member {request.MemberId}.");
        var accepted = await daraja.StartStkPushAsync(
            request.Phone.E164.TrimStart('+'),
            request.Amount.ToWholeMajor(),
            AccountReference.For(chama, member),
            request.Purpose.ToString(),
            cancellationToken);
        return accepted.CheckoutRequestId;
    }
}
