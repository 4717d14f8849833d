using Erp.Tests.Support;
using Microsoft.Playwright;

namespace Erp.E2E;

/// <summary>
/// Chromium enforces the app's CSP (src/Erp.Web/Security/SecurityHeaders.cs): every page the app serves
/// (read from its endpoints, so merged pages are covered) opens as either role without a violation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CspTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    private static List<string> Violations(List<string> errors) =>
        [.. errors.Where(e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))];

    [Theory]
    [InlineData(DemoUsers.AdminEmail, ErpApp.AdminPassword)]
    [InlineData(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword)]
    public async Task Every_page_opens_without_a_csp_violation(string email, string password)
    {
        using var lister = new HttpClient(new HttpClientHandler { CookieContainer = new(), AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await ErpApp.PostLoginAsync(lister, DemoUsers.AdminEmail, ErpApp.AdminPassword);
        var addresses = await MainPages.AddressesAsync(browser.App, lister);
        var (page, errors) = await browser.NewPageAsync();
        await browser.SignInAsync(page, email, password);
        await page.WaitForURLAsync(browser.BaseAddress.ToString());

        foreach (var address in addresses)
        {
            await page.GotoAsync(address);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle); // htmx loads (dashboard figures) included
            Assert.True(Violations(errors).Count == 0, $"{address}: {string.Join("\n", Violations(errors))}");
        }
        Assert.True(addresses.Count >= 15, $"only {addresses.Count} pages");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_inline_script_is_refused_and_shows_as_a_violation()
    {
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync("/login");

        try
        {
            await page.AddScriptTagAsync(new() { Content = "window.injected = true;" });
        }
        catch (PlaywrightException)
        {
            // Playwright reports the blocked script as a failed load.
        }

        Assert.False(await page.EvaluateAsync<bool>("() => window.injected === true"));
        Assert.NotEmpty(Violations(errors));
        await page.Context.CloseAsync();
    }
}
