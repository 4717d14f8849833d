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
    public async Task A_filter_changed_while_the_previous_one_is_loading_is_the_one_that_applies()
    {
        var (page, errors) = await browser.NewPageAsync();
        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await page.GotoAsync("/orders");
        await Expect(page.GetByTestId("orders-row")).ToHaveCountAsync(50);
        // The first filter request is held until the second change has been made, so that change happens while the
        // first is in flight. htmx queues the last request of an element that has one in flight (its default without
        // hx-sync); an hx-sync="this:drop" on the form would lose the second change and leave the list filtered by
        // status only while the form shows both choices (seen failing that way).
        var filterRequests = 0;
        var secondChangeMade = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(url => url.Contains("/orders?", StringComparison.Ordinal), async route =>
        {
            if (route.Request.Headers.ContainsKey("hx-request") && Interlocked.Increment(ref filterRequests) == 1)
            {
                await secondChangeMade.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            await route.ContinueAsync();
        });

        await page.GetByLabel("Status").SelectOptionAsync("cancelled");
        await page.GetByLabel("Sort").SelectOptionAsync("total");
        secondChangeMade.SetResult();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=total.*status=cancelled|status=cancelled.*sort=total"));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=total"));
        var statuses = await page.GetByTestId("orders-row").EvaluateAllAsync<string[]>(
            "rows => rows.map(r => r.querySelector('.status').textContent)");
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal("cancelled", s));
        Assert.Equal(2, filterRequests); // the second change was sent, after the first, not dropped
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
