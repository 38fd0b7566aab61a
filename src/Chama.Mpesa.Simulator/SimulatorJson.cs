using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Chama.Mpesa.Simulator;

/// <summary>
/// Daraja's JSON keeps its own property casing (<c>CheckoutRequestID</c>, <c>access_token</c>), so nothing goes
/// through ASP.NET's camel-case defaults; a null value is left out, which is how a metadata item without a value
/// (<c>{"Name":"Balance"}</c>) is written.
/// </summary>
internal static class SimulatorJson
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Result codes go out as numbers, as Daraja posts them, except the ones that are not numbers (<c>SFC_IC0003</c>).</summary>
    public static object Code(string resultCode) =>
        int.TryParse(resultCode, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : resultCode;

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options);

    public static async Task WriteAsync(HttpContext context, object value, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Serialize(value), context.RequestAborted);
    }
}
