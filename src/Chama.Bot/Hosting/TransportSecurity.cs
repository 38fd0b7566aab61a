namespace Chama.Bot.Hosting;

/// <summary>
/// <c>Strict-Transport-Security</c> on every HTTPS response outside Development, so a browser that has once reached the
/// dashboard over HTTPS never again sends its cookie over plain HTTP. Behind a proxy that ends TLS the request is HTTPS
/// when a trusted proxy says so (<c>X-Forwarded-Proto</c>, see <see cref="ProxyHeaders"/>). ASP.NET Core's HSTS leaves
/// plain HTTP answers and the loopback host names alone.
/// </summary>
public static class TransportSecurity
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(365);

    public static IServiceCollection AddTransportSecurity(this IServiceCollection services) =>
        services.AddHsts(hsts => hsts.MaxAge = MaxAge);

    /// <summary>After <see cref="ProxyHeaders.UseProxyHeaders"/>, which tells this whether the caller used HTTPS.</summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app;
    }
}
