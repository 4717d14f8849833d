using System.Text.RegularExpressions;
using Erp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erp.E2E;

[Collection(BrowserCollection.Name)]
public sealed class ExportFlowTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    [Fact]
    public async Task Employee_filters_orders_exports_them_watches_the_progress_and_downloads_the_CSV()
    {
        var expected = await browser.App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM sales_orders WHERE status = 'shipped'");
        var (page, errors) = await browser.NewPageAsync();
        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);

        await page.GotoAsync("/orders");
        await page.GetByLabel("Status").SelectOptionAsync("shipped");
        await Expect(page).ToHaveURLAsync(new Regex("status=shipped"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Export CSV", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/exports/\\d+$"));
        await Expect(page.GetByTestId("export-status")).ToBeVisibleAsync();
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" });
        await Expect(link).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("export-rows")).ToContainTextAsync($"{expected:N0} rows exported");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var lines = (await File.ReadAllLinesAsync(await download.PathAsync())).Where(l => l.Length > 0).ToList();

        Assert.StartsWith("\uFEFFOrder,Date (", lines[0]);
        Assert.Equal(expected + 1, lines.Count);
        Assert.All(lines.Skip(1), l => Assert.Contains(",shipped,", l));
        Assert.EndsWith(".csv", download.SuggestedFilename);
        Assert.Empty(errors);
    }
}
