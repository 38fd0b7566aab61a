using Chama.Bot.Demo;
using Chama.Bot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddChamaData(builder.Configuration);
builder.Services.AddDemoSeed(builder.Configuration);

var app = builder.Build();
app.MapHealth();

app.Run();

/// <summary>The host's entry point, public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
