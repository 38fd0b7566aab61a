using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Chama.Mpesa.Simulator;

/// <summary>Daraja's synchronous error envelope: <c>{"requestId","errorCode","errorMessage"}</c>.</summary>
internal static class DarajaErrors
{
    public static Task WriteAsync(HttpContext context, int status, string errorCode, string errorMessage) =>
        SimulatorJson.WriteAsync(context, new
        {
            requestId = $"{RandomNumberGenerator.GetInt32(10000, 99999)}-{RandomNumberGenerator.GetInt32(1000000, 9999999)}-1",
            errorCode,
            errorMessage,
        }, status);

    /// <summary>A missing or malformed field: Daraja names the field in the message.</summary>
    public static Task InvalidFieldAsync(HttpContext context, string field) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, "400.002.02", $"Bad Request - Invalid {field}");

    public static Task InvalidPayloadAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, "400.002.05", "Invalid Request Payload");

    /// <summary>A password that does not match the shortcode, passkey and timestamp.</summary>
    public static Task WrongCredentialsAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status500InternalServerError, "500.001.1001", "Wrong credentials");
}
