using Erp.Tests.Support;
using Microsoft.Playwright;

namespace Erp.E2E;

/// <summary>One app on real Kestrel and one Debian Chromium for the whole browser suite.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public ErpApp App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress => App.ServerAddress;

    public static string ArtifactsDir { get; } = Path.Combine(RepoPaths.Root, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        App = await ErpApp.StartAsync(seedOrders: 2000, kestrel: true);
        // CI shares two cores between both test assemblies: give the browser room before failing.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        Directory.CreateDirectory(ArtifactsDir);
    }

    /// <summary>Orders in the deep-list app: enough to scroll 10,000 rows with and without a filter.</summary>
    public const int DeepOrders = 24_000;

    private readonly SemaphoreSlim _deepStart = new(1, 1);
    private ErpApp? _deep;

    /// <summary>A second app with <see cref="DeepOrders"/> orders for the long-list tests, started on first use.</summary>
    public async Task<ErpApp> DeepAppAsync()
    {
        await _deepStart.WaitAsync();
        try
        {
            return _deep ??= await ErpApp.StartAsync(seedOrders: DeepOrders, kestrel: true);
        }
        finally
        {
            _deepStart.Release();
        }
    }

    /// <summary>
    /// A fresh page whose console errors and failed requests are collected; the app's CSP violations are
    /// among them. Screenshots take <c>Caret = ScreenshotCaret.Initial</c>: hiding the caret (the default)
    /// injects an inline style, which the CSP refuses and logs as an error.
    /// </summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync(Uri? baseAddress = null, BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = (baseAddress ?? BaseAddress).ToString();
        var context = await Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Crash += (_, _) => errors.Add("the page's renderer crashed");
        page.RequestFailed += (_, request) => errors.Add($"request failed: {request.Url} {request.Failure}");
        return (page, errors);
    }

    /// <summary>
    /// Closes every open browser context (<see cref="BrowserTest"/> calls it after each test), each within 30 s: a context
    /// that will not close is reported, not waited for forever, and does not keep the others open.
    /// </summary>
    public async Task CloseContextsAsync()
    {
        foreach (var context in Browser.Contexts.ToArray())
        {
            try
            {
                await context.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                Console.WriteLine($"A browser context did not close ({e.Message}); left open, the others are closed.");
            }
        }
    }

    public async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await App.DisposeAsync();
        if (_deep is not null)
        {
            await _deep.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
