using System.Text.RegularExpressions;
using Erp.Data.Customers;
using Erp.Tests.Support;
using Erp.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erp.E2E;

/// <summary>
/// An admin edits a customer's name, reverts that change from its audit entry (confirming the browser dialog) and
/// sees the old name back. The entry is reached on /admin/audit: filter by entity and id, open the newest row's diff.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RevertFlowTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    [Fact]
    public async Task Admin_reverts_a_customer_name_edit_and_sees_the_old_name_on_the_customer_page()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var customer = (await browser.App.Services.GetRequiredService<CustomerStore>().CreateAsync(
            new CustomerInput($"RV{suffix}", $"Alte Mühle {suffix}", null, null, "DE", 1000m), CancellationToken.None)).Row!;
        var (page, errors) = await browser.NewPageAsync();
        await browser.SignInAsync(page, DemoUsers.AdminEmail, ErpApp.AdminPassword);

        await page.GotoAsync($"/customers/{customer.Id}/edit");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"Neue Mühle {suffix}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Neue Mühle {suffix}");

        var entry = await browser.App.Database.ScalarAsync<long>(
            "SELECT MAX(id) FROM audit_log WHERE entity = 'customer' AND entity_id = @Id AND action = 'update'", customer);
        await page.GotoAsync("/admin/audit");
        var filters = page.GetByRole(AriaRole.Search, new() { Name = "Filter the audit trail" });
        await filters.GetByLabel("Entity", new() { Exact = true }).SelectOptionAsync("customer");
        await filters.GetByLabel("Entity id").FillAsync(customer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await filters.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        // The unfiltered list may already start with this entry: wait for the filtered rows (the customer's insert and
        // update), or the diff opened below is replaced by the filter's answer arriving after the click (seen under load).
        await Expect(page).ToHaveURLAsync(new Regex($"entity_id={customer.Id}"));
        await Expect(page.GetByTestId("audit-row")).ToHaveCountAsync(2);
        var newest = page.GetByTestId("audit-row").First;
        await Expect(newest).ToHaveAttributeAsync("data-id", entry.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await newest.GetByRole(AriaRole.Button, new() { Name = "Show changes" }).ClickAsync();
        var name = newest.GetByTestId("audit-change").Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "name", Exact = true }) });
        await Expect(name.GetByTestId("audit-before")).ToHaveTextAsync($"Alte Mühle {suffix}");
        string? question = null;
        page.Dialog += async (_, dialog) =>
        {
            question = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.GetByRole(AriaRole.Button, new() { Name = "Revert this change", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Reverted entry #{entry}" })).ToBeVisibleAsync();
        Assert.Contains($"Revert entry #{entry}?", question);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revert this change" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "audit-revert.png"), FullPage = true });

        await page.GotoAsync($"/customers/{customer.Id}");
        await Expect(page).ToHaveURLAsync(new Regex($"/customers/{customer.Id}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Alte Mühle {suffix}");
        Assert.Empty(errors);
    }
}
