using Erp.Tests.Support;
using Erp.Web.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erp.E2E;

[Collection(BrowserCollection.Name)]
public sealed class InfiniteScrollTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    [Fact]
    public async Task Changing_a_filter_replaces_the_rows_and_keeps_the_filter_in_the_url()
    {
        var (page, errors) = await browser.NewPageAsync();
        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await page.GotoAsync("/orders");
        await Expect(page.GetByTestId("orders-row")).ToHaveCountAsync(50);

        await page.GetByLabel("Status").SelectOptionAsync("cancelled");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=cancelled"));
        await Expect(page.GetByTestId("orders-row").First).ToContainTextAsync("cancelled");
        var statuses = await page.GetByTestId("orders-row").EvaluateAllAsync<string[]>(
            "rows => rows.map(r => r.querySelector('.status').textContent)");
        Assert.All(statuses, s => Assert.Equal("cancelled", s));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_bad_filter_shows_a_readable_message_instead_of_a_console_error()
    {
        var (page, errors) = await browser.NewPageAsync();
        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await page.GotoAsync("/orders");
        await Expect(page.GetByTestId("orders-row")).ToHaveCountAsync(50);

        await page.GetByLabel("Sort").SelectOptionAsync("total");
        await page.GetByLabel("From").FillAsync("2026-01-01");
        await page.GetByLabel("From").DispatchEventAsync("change");

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "sort by date to filter by date" })).ToBeVisibleAsync();
        // Chromium itself logs every 4xx response as a failed resource; htmx must log nothing
        // (the layout's htmx-config swaps 400 as a normal answer instead of raising htmx:responseError).
        Assert.All(errors, e => Assert.Contains("status of 400", e));
    }
}
