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

    /// <summary>STK query answers a still-open prompt with an error: it is pending, not failed.</summary>
    public bool IsStillProcessing => Message.Contains("being processed", StringComparison.OrdinalIgnoreCase);
}
