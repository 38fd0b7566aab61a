using System.Security.Cryptography;
using Chama.Bot.Payments;
using Chama.Core;

namespace Chama.Bot.Demo;

/// <summary>
/// The local M-Pesa used by <c>Mpesa:Simulate</c> (on in Development, so the bot can be tried without a Safaricom
/// account): it accepts every STK push and, a moment later, completes it as if the member had entered their PIN, with a
/// fresh receipt number. The completion goes through the same <see cref="PaymentCompletion"/> as a real callback.
/// </summary>
public sealed partial class SimulatedMpesa(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<SimulatedMpesa> logger)
    : IStkPushGateway
{
    private const string ReceiptAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public Task<string> StartAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(configuration.GetValue("Mpesa:SimulatedDelayMs", 1500));
        _ = CompleteLaterAsync(request, delay, lifetime.ApplicationStopping);
        return Task.FromResult($"ws_CO_SIM_{request.Id}_{RandomNumberGenerator.GetHexString(8)}");
    }

    /// <summary>An M-Pesa-shaped receipt: a letter, then nine capitals and digits.</summary>
    public static string NewReceipt() =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) + RandomNumberGenerator.GetString(ReceiptAlphabet, 9);

    private async Task CompleteLaterAsync(PaymentRequest request, TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, clock, stopping);
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<PaymentCompletion>().CompleteAsync(request.Id, NewReceipt(), request.Amount, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host is stopping; an unfinished simulated payment simply never completes, as a dropped callback would.
        }
#pragma warning disable CA1031 // A background completion has no caller to throw to.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            LogFailed(failure, request.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Simulated M-Pesa could not complete payment request {Id}")]
    private partial void LogFailed(Exception failure, long id);
}
