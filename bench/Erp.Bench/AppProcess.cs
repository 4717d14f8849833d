using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Erp.Bench;

/// <summary>The built Erp.Web running as its own process on a free loopback port, signed in as the employee.</summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<AppProcess> StartAsync(string webBinDir, string signingKey, string employeePassword,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", $"Erp.Web.dll --urls http://127.0.0.1:{port}")
        {
            WorkingDirectory = webBinDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Cursor__SigningKey"] = signingKey,
                ["Logging__LogLevel__Default"] = "Warning",
                // The load generator is one client: measure the app, not the rate limiter's refusals.
                ["RateLimits__Profile"] = "Load",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };
        for (var i = 0; ; i++)
        {
            try
            {
                if ((await client.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (i < 240)
            {
                await Task.Delay(250);
            }
        }

        await SignInAsync(client, "employee@erp.local", employeePassword);
        return new AppProcess(process, client);
    }

    /// <summary>Another client of the same app, signed in as <paramref name="email"/> (the admin pages).</summary>
    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = Client.BaseAddress,
        };
        await SignInAsync(client, email, password);
        return client;
    }

    private static async Task SignInAsync(HttpClient client, string email, string password)
    {
        var login = await client.GetStringAsync("/login");
        var token = WebUtility.HtmlDecode(Token().Match(login).Groups[1].Value);
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed with {(int)response.StatusCode}; is the database seeded?");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
