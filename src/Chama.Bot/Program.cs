using Chama.Bot.Channels.Mpesa;
using Chama.Bot.Channels.Ussd;
using Chama.Bot.Channels.WhatsApp;
using Chama.Bot.Demo;
using Chama.Bot.Hosting;
using Chama.Bot.Simulator;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddChamaData(builder.Configuration);
builder.Services.AddConversations(builder.Configuration);
builder.Services.AddPayments(builder.Configuration, builder.Environment);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddDemoSeed(builder.Configuration);
builder.Services.AddProxyHeaders(builder.Configuration);

var app = builder.Build();
app.UseProxyHeaders();
app.UseProblemAnswers();
app.MapHealth();
app.MapWhatsApp();
app.MapUssd();
app.MapMpesaCallbacks();
if (app.Environment.IsDevelopment())
{
    app.MapSimulator();
    app.AnnounceSimulator();
}

app.Run();

/// <summary>The host's entry point, public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
