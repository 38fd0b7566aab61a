using Chama.Bot.Channels.Mpesa;
using Chama.Bot.Channels.Ussd;
using Chama.Bot.Channels.WhatsApp;
using Chama.Bot.Cli;
using Chama.Bot.Dashboard;
using Chama.Bot.Founding;
using Chama.Bot.Demo;
using Chama.Bot.Hosting;
using Chama.Bot.Sessions;
using Chama.Bot.Simulator;

// `chama …`, `member …`, `cycle …`: set-up from the command line, then exit; anything else starts the web host.
if (OperatorCli.Handles(args))
{
    return await OperatorCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
var channels = ChannelSwitches.Read(builder.Configuration);
if (channels.Refusal(builder.Configuration, builder.Environment) is { } refusal)
{
    // Never serve a door open: one line for the operator, and no host.
    await Console.Error.WriteLineAsync(refusal);
    return 1;
}

builder.Services.AddChamaData(builder.Configuration);
builder.Services.AddConversations(builder.Configuration);
builder.Services.AddUssd(builder.Configuration, builder.Environment);
builder.Services.AddConversationSafety(builder.Configuration);
builder.Services.AddFounding(builder.Configuration);
builder.Services.AddPayments(builder.Configuration, builder.Environment);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddDemoSeed(builder.Configuration);
builder.Services.AddCsvReports();
builder.Services.AddProxyHeaders(builder.Configuration);
builder.Services.AddTransportSecurity();
builder.Services.AddDashboard();
builder.Services.AddAddressRateLimits(builder.Configuration);

var app = builder.Build();
app.UseProxyHeaders();
app.UseTransportSecurity();
app.UseProblemAnswers();
app.UseRateLimiter();
app.UseFormInputCheck();
app.MapHealth();
if (channels.WhatsApp)
{
    app.MapWhatsApp();
}

if (channels.Ussd)
{
    app.MapUssd();
}

if (channels.Mpesa)
{
    app.MapMpesaCallbacks();
}

app.MapDashboard();
if (app.Environment.IsDevelopment())
{
    app.MapSimulator();
    app.AnnounceSimulator();
}

await app.RunAsync();
return 0;

/// <summary>The host's entry point, public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
