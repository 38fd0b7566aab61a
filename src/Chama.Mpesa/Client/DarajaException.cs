namespace Chama.Mpesa.Client;

/// <summary>Daraja refused a request synchronously (its error envelope: <c>errorCode</c>, <c>errorMessage</c>).</summary>
public sealed class DarajaException : Exception
{
    public DarajaException(string errorCode, string message, int statusCode) : base($"{errorCode}: {message}")
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    public DarajaException() : this("unknown", "Daraja refused the request.", 0) { }

    public DarajaException(string message) : this("unknown", message, 0) { }

    public DarajaException(string message, Exception innerException) : base(message, innerException) => ErrorCode = "unknown";

    public string ErrorCode { get; } = "unknown";

    public int StatusCode { get; }

    /// <summary>
    /// Daraja turned the request down for what it asked: a 4xx envelope (an invalid field) or an answer whose
    /// ResponseCode is not 0. A 5xx or an unreadable answer may have been acted on, so it is not definite; nor is a 401,
    /// which refuses our credentials, not the request: it says nothing of the payment, which must not fail for it.
    /// </summary>
    public bool IsDefiniteRefusal => StatusCode is (>= 400 and < 500 and not 401) or 200;

    /// <summary>STK query answers a still-open prompt with an error: it is pending, not failed.</summary>
    public bool IsStillProcessing => Message.Contains("being processed", StringComparison.OrdinalIgnoreCase);
}
