namespace Chama.Mpesa.Simulator;

/// <summary>
/// How a scripted STK push ends: the result code the member's phone produces, how many times the callback is posted
/// (0 = never, so only a query reveals it; 2 = a duplicate) and how long the synchronous answer takes.
/// </summary>
public sealed record StkOutcome
{
    private StkOutcome(string resultCode, string resultDescription)
    {
        ResultCode = resultCode;
        ResultDescription = resultDescription;
    }

    public string ResultCode { get; }

    public string ResultDescription { get; }

    public int Callbacks { get; private init; } = 1;

    public TimeSpan AnswerDelay { get; private init; }

    public bool Succeeds => ResultCode == "0";

    public static StkOutcome Success { get; } = new("0", "The service request is processed successfully.");

    public static StkOutcome Cancelled { get; } = new("1032", "Request cancelled by user");

    public static StkOutcome NoAnswer { get; } = new("1037", "DS timeout user cannot be reached");

    public static StkOutcome WrongPin { get; } = new("2001", "The initiator information is invalid.");

    public static StkOutcome InsufficientFunds { get; } = new("1", "The balance is insufficient for the transaction.");

    /// <summary>The success callback is posted twice, concurrently, as Daraja sometimes does.</summary>
    public static StkOutcome DuplicateCallback { get; } = Success with { Callbacks = 2 };

    /// <summary>The payment goes through but the callback is lost: only an STK query reveals it.</summary>
    public static StkOutcome NoCallback { get; } = Success with { Callbacks = 0 };

    public static StkOutcome Failed(string resultCode, string resultDescription) => new(resultCode, resultDescription);

    /// <summary>The synchronous answer is held for <paramref name="delay"/>, then the push ends as <paramref name="then"/>.</summary>
    public static StkOutcome Slow(TimeSpan delay, StkOutcome? then = null) => (then ?? Success) with { AnswerDelay = delay };

    public StkOutcome WithoutCallback() => this with { Callbacks = 0 };
}

/// <summary>
/// How a scripted B2C payout ends: its result code, how many times the result is posted (0 = never; 2 = a duplicate)
/// and whether it is posted to the QueueTimeOutURL instead, leaving the true outcome to a status query.
/// </summary>
public sealed record PayoutOutcome
{
    private PayoutOutcome(string resultCode, string resultDescription)
    {
        ResultCode = resultCode;
        ResultDescription = resultDescription;
    }

    public string ResultCode { get; }

    public string ResultDescription { get; }

    public int Results { get; private init; } = 1;

    public bool TimesOutInQueue { get; private init; }

    public bool Succeeds => ResultCode == "0";

    public static PayoutOutcome Success { get; } = new("0", "The service request is processed successfully.");

    public static PayoutOutcome InsufficientFunds { get; } = new("1", "The balance is insufficient for the transaction.");

    public static PayoutOutcome RecipientNotRegistered { get; } = new("2040", "Credit Party customer type (Unregistered or Registered Customer) can't be supported by the service.");

    /// <summary>Paid, but the result is never posted: only a transaction status query reveals it.</summary>
    public static PayoutOutcome NoResult { get; } = Success with { Results = 0 };

    /// <summary>Paid, but Daraja posts to the QueueTimeOutURL instead of the ResultURL.</summary>
    public static PayoutOutcome QueueTimeout { get; } = Success with { TimesOutInQueue = true };

    public static PayoutOutcome DuplicateResult { get; } = Success with { Results = 2 };

    public static PayoutOutcome Failed(string resultCode, string resultDescription) => new(resultCode, resultDescription);

    /// <summary>This outcome, reported to the QueueTimeOutURL; a status query reveals the outcome itself.</summary>
    public PayoutOutcome TimingOutInQueue() => this with { TimesOutInQueue = true };
}
