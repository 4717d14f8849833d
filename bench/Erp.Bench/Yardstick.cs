using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Erp.Bench;

/// <summary>The bare-Kestrel ceiling of this machine: a trivial endpoint and a prebuilt 50-row HTML string.</summary>
public sealed class Yardstick : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Yardstick(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<Yardstick> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var rows = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            rows.Append($"<tr data-testid=\"orders-row\" data-id=\"{1_000_000 - i}\"><td><a href=\"/orders/{1_000_000 - i}\">#{1_000_000 - i}</a></td>" +
                        $"<td><time datetime=\"2026-11-01T10:00:00.000000Z\">2026-11-01 10:00</time></td><td>Customer {i}</td>" +
                        "<td><span class=\"status status-shipped\">shipped</span></td><td class=\"num\">1,234.50</td></tr>");
        }
        var html = rows.ToString();
        app.MapGet("/plain", () => "Hello, World!");
        app.MapGet("/html50", () => Results.Content(html, "text/html"));
        await app.StartAsync();
        return new Yardstick(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
