using System.Text.RegularExpressions;
using Erp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erp.E2E;

[Collection(BrowserCollection.Name)]
public sealed class JobsFlowTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    [Fact]
    public async Task Employee_invoices_an_order_and_the_Download_PDF_link_appears_by_itself_then_admins_see_the_job_and_employees_get_403()
    {
        // A seeded shipped order; the newest one, which no other browser test takes.
        var orderId = await browser.App.Database.ScalarAsync<long>("SELECT MAX(id) FROM sales_orders WHERE status = 'shipped'");
        var (page, errors) = await browser.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);

        await page.GotoAsync($"/orders/{orderId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create invoice", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("invoiced");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^INV-") }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/invoices/\\d+$"));

        // "Preparing PDF…" polls until the worker has stored the PDF; the link then replaces it without a reload.
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" });
        await Expect(link).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var path = await download.PathAsync();
        var head = new byte[5];
        await using (var file = File.OpenRead(path))
        {
            await file.ReadExactlyAsync(head);
        }
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(head));
        Assert.EndsWith(".pdf", download.SuggestedFilename);
        Assert.Empty(errors);

        var refused = await page.GotoAsync("/admin/jobs");
        Assert.Equal(403, refused!.Status);

        var (admin, _) = await browser.NewPageAsync();
        await browser.SignInAsync(admin, DemoUsers.AdminEmail, ErpApp.AdminPassword);
        await admin.GotoAsync("/admin/jobs?type=invoice-pdf&status=succeeded");
        await Expect(admin.GetByTestId("jobs-table")).ToBeVisibleAsync();
        await Expect(admin.GetByTestId("jobs-row").First).ToContainTextAsync("invoice-pdf");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, "admin-jobs.png"), FullPage = true, Caret = ScreenshotCaret.Initial });
    }
}
