using System.Text.RegularExpressions;
using Erp.Tests.Support;
using Erp.Web.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erp.E2E;

[Collection(BrowserCollection.Name)]
public sealed class SignInFlowTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    [Fact]
    public async Task Employee_signs_in_through_the_form_and_sees_50_orders_without_console_errors()
    {
        var (page, errors) = await browser.NewPageAsync();

        await page.GotoAsync("/orders");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Forders"));
        await page.GetByLabel("Email").FillAsync(DemoUsers.EmployeeEmail);
        await page.GetByLabel("Password").FillAsync(ErpApp.EmployeePassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/orders$"));
        var table = page.GetByTestId("orders-table");
        await Expect(table).ToBeVisibleAsync();
        await Expect(table.GetByTestId("orders-row")).ToHaveCountAsync(50);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => typeof htmx === 'object' && htmx.config.historyCacheSize === 0"),
            "htmx is loaded with the layout's htmx-config");
        await page.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "orders-first-page.png"), FullPage = false });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Sign_in_lands_on_the_dashboard_whose_figures_and_chart_load_after_the_page_without_console_errors()
    {
        var (page, errors) = await browser.NewPageAsync();

        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);

        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("dashboard")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("as-of")).ToHaveTextAsync(new Regex("^\\d{2}:\\d{2}$"));
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Revenue of the last 12 months (invoiced, not void)" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("revenue-bar")).ToHaveCountAsync(12);
        await page.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "dashboard.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Wrong_password_shows_an_alert_and_keeps_the_email()
    {
        var (page, errors) = await browser.NewPageAsync();

        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, "not-the-password");

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "not correct" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync(DemoUsers.EmployeeEmail);
        // The 422 document itself is logged by Chromium as a failed resource; nothing else may fail.
        Assert.All(errors, e => Assert.Contains("422", e));
    }
}
