using System.Text.RegularExpressions;
using Erp.Data.Orders;
using Erp.Tests.Support;
using Erp.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erp.E2E;

/// <summary>
/// The app as deployed (Production) in Chromium: a failed htmx request shows a dismissable notice
/// in the layout's live region. The test host makes the Confirm handler throw.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ErrorNoticeTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    private ErpApp _app = null!;

    public override async Task InitializeAsync() =>
        _app = await ErpApp.StartAsync(seedOrders: 20, configure: ThrowingHandlers.Install("Confirm"), kestrel: true, environment: "Production");

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_htmx_button_whose_request_fails_shows_a_notice_with_the_request_id_that_can_be_dismissed()
    {
        var customerId = await _app.Database.ScalarAsync<long>("SELECT MIN(id) FROM customers");
        var orderId = await _app.Services.GetRequiredService<OrderStore>().CreateDraftAsync(customerId, CancellationToken.None);
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = _app.ServerAddress.ToString() });
        var page = await context.NewPageAsync();
        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        await page.GotoAsync($"/orders/{orderId}");
        var notices = page.Locator("#notices");
        await Expect(notices.GetByTestId("notice")).ToHaveCountAsync(0);

        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync(),
            r => r.Url.Contains("handler=Confirm"));

        Assert.Equal(500, answer.Status);
        var requestId = await answer.HeaderValueAsync("x-request-id");
        Assert.False(string.IsNullOrEmpty(requestId));
        var notice = notices.GetByTestId("notice");
        await Expect(notice).ToContainTextAsync("could not complete this request (error 500)");
        await Expect(notice).ToContainTextAsync($"Reference: {requestId}.");
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = requestId })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("draft");
        await page.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "notice-failed-request.png") });

        await notice.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Expect(notice).ToHaveCountAsync(0);

        // A request that never reaches the server says so, too.
        await page.RouteAsync(new Regex("handler=Confirm"), route => route.AbortAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Expect(notices.GetByTestId("notice")).ToContainTextAsync("could not be reached");
        await context.DisposeAsync();
    }
}
