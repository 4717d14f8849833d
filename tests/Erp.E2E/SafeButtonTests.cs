using System.Text.RegularExpressions;
using Erp.Data.Orders;
using Erp.Tests.Support;
using Erp.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erp.E2E;

/// <summary>Irreversible buttons ask first, and no htmx button can be sent twice by a double click.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SafeButtonTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    /// <summary>A draft order for a seeded customer with one line of the product with the most stock to spare (a price of 0.01 fits any credit left).</summary>
    private async Task<long> DraftWithLineAsync()
    {
        var app = browser.App;
        var customerId = await app.Database.ScalarAsync<long>("""
            SELECT c.id FROM customers c
            ORDER BY c.credit_limit
                     - (SELECT COALESCE(SUM(o.total), 0) FROM sales_orders o WHERE o.customer_id = c.id AND o.status IN ('confirmed', 'shipped'))
                     - (SELECT COALESCE(SUM(i.total), 0) FROM invoices i WHERE i.customer_id = c.id AND i.status = 'open') DESC, c.id
            LIMIT 1
            """);
        var productId = await app.Database.ScalarAsync<long>("SELECT id FROM products ORDER BY on_hand - reserved DESC, id LIMIT 1");
        var orders = app.Services.GetRequiredService<OrderStore>();
        var id = (await orders.CreateDraftAsync(customerId, CancellationToken.None))!.Value;
        var version = (await orders.GetAsync(id, CancellationToken.None))!.Version;
        var added = await orders.AddLineAsync(id, version, productId, 1, 0.01m, CancellationToken.None);
        Assert.True(added.Succeeded, added.Message);
        return id;
    }

    [Fact]
    public async Task Double_clicking_save_sends_the_form_once_instead_of_a_second_stale_post_that_answers_409()
    {
        // htmx queues a click that arrives while the first request runs. When the answer swaps the
        // form out (the order panel) the queued one is dropped, but a successful Save answers with
        // HX-Redirect and leaves the form in place: without a disabled button the queued post would
        // be sent with the old version and answer 409.
        var id = await browser.App.Database.ScalarAsync<long>("SELECT MAX(id) FROM customers");
        var (page, errors) = await browser.NewPageAsync();
        var posts = new List<int>();
        page.Response += (_, r) =>
        {
            if (r.Request.Method == "POST" && r.Url.Contains($"/customers/{id}"))
            {
                posts.Add(r.Status);
            }
        };
        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        await page.GotoAsync($"/customers/{id}/edit");
        await page.GetByLabel("Phone").FillAsync("+44 20 7946 0101");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).DblClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/customers/{id}$"));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal([200], posts);
        await Expect(page.GetByTestId("notice")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Cancel_order_asks_the_browser_first_and_a_no_leaves_the_order_as_it_was()
    {
        var id = await DraftWithLineAsync();
        var (page, errors) = await browser.NewPageAsync();
        var answer = "no";
        var dialogs = new List<string>();
        var asked = new TaskCompletionSource();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await (answer == "yes" ? dialog.AcceptAsync() : dialog.DismissAsync());
            asked.TrySetResult();
        };
        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        await page.GotoAsync($"/orders/{id}");
        var cancel = page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" });

        await cancel.ClickAsync();
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Expect(cancel).ToBeEnabledAsync();
        Assert.Equal([$"Cancel order #{id}? A cancelled order cannot be reopened."], dialogs);
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("draft");

        answer = "yes";
        await cancel.ClickAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("cancelled");
        Assert.Equal(2, dialogs.Count);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Without_javascript_cancel_order_shows_a_confirmation_step_with_the_real_button()
    {
        var id = await DraftWithLineAsync();
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        await page.GotoAsync($"/orders/{id}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync();

        var confirmation = page.GetByTestId("confirmation");
        await Expect(confirmation.GetByRole(AriaRole.Heading, new() { Name = "Are you sure?" })).ToBeVisibleAsync();
        await Expect(confirmation).ToContainTextAsync($"Cancel order #{id}?");
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("draft");
        await page.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "order-cancel-confirmation-without-js.png"), FullPage = true });

        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("cancelled");
        await Expect(page).ToHaveURLAsync(new Regex($"/orders/{id}$"));
        await context.DisposeAsync();
    }
}
