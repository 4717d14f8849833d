using System.Text.RegularExpressions;
using Erp.Data.Audit;
using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erp.E2E;

/// <summary>The audit trail in a browser (docs/adr/0017-audit-reading.md): an admin's diff, an employee's masked history.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditFlowTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    /// <summary>A customer created and then edited (name, e-mail, phone) by the admin.</summary>
    private async Task<Customer> EditedCustomerAsync(string tag)
    {
        var store = browser.App.Services.GetRequiredService<CustomerStore>();
        var code = "E" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        using var scope = WriteContextScope.Begin(new WriteContext(1, "Playwright Admin", "127.0.0.1", null));
        var created = (await store.CreateAsync(new CustomerInput(code, $"Old {tag} Ltd", $"old.{tag}@example.com", "+49 30 100100", null, 100m), CancellationToken.None)).Row!;
        await store.UpdateAsync(created.Id, created.Version,
            new CustomerInput(code, $"New {tag} Ltd", $"new.{tag}@example.com", "+49 30 200200", null, 100m), CancellationToken.None);
        return created;
    }

    [Fact]
    public async Task An_admin_filters_the_audit_log_by_entity_and_id_and_opens_a_diff_with_before_and_after()
    {
        var customer = await EditedCustomerAsync("diff");
        var (page, errors) = await browser.NewPageAsync();
        await browser.SignInAsync(page, DemoUsers.AdminEmail, ErpApp.AdminPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/audit$"));

        var filters = page.GetByRole(AriaRole.Search, new() { Name = "Filter the audit trail" });
        await filters.GetByLabel("Entity", new() { Exact = true }).SelectOptionAsync("customer");
        await filters.GetByLabel("Entity id").FillAsync(customer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await filters.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var rows = page.GetByTestId("audit-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page).ToHaveURLAsync(new Regex($"entity_id={customer.Id}"));

        var newest = rows.First;
        await Expect(newest).ToContainTextAsync("update");
        var toggle = newest.GetByRole(AriaRole.Button, new() { Name = "Show changes" });
        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var diff = newest.GetByRole(AriaRole.Table, new() { Name = $"Changes to customer {customer.Id}" });
        await Expect(diff).ToBeVisibleAsync();
        var hide = newest.GetByRole(AriaRole.Button, new() { Name = "Hide changes" });
        await Expect(hide).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(hide).ToBeFocusedAsync(); // the swap gave the focus back to the toggle
        var name = diff.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "name" }) });
        await Expect(name.GetByRole(AriaRole.Cell)).ToHaveTextAsync(["Old diff Ltd", "New diff Ltd"]);
        var email = diff.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "email" }) });
        await Expect(email.GetByRole(AriaRole.Cell)).ToHaveTextAsync(["old.diff@example.com", "new.diff@example.com"]);
        await page.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "admin-audit.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_employee_gets_403_on_the_audit_log_and_sees_a_customers_history_with_personal_values_masked()
    {
        var customer = await EditedCustomerAsync("mask");
        var (page, errors) = await browser.NewPageAsync();
        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        await Expect(page).ToHaveURLAsync(new Regex("/$"));

        var refused = await page.GotoAsync("/admin/audit");
        Assert.Equal(403, refused!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();

        await page.GotoAsync($"/customers/{customer.Id}");
        await page.GetByRole(AriaRole.Heading, new() { Name = "History" }).ScrollIntoViewIfNeededAsync();
        var history = page.GetByTestId("history-row");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.First).ToContainTextAsync("New mask Ltd");
        await Expect(history.First).ToContainTextAsync(AuditPersonalData.Mask);
        await Expect(page.GetByTestId("history-table")).Not.ToContainTextAsync("old.mask@example.com");
        await Expect(page.GetByTestId("history-table")).Not.ToContainTextAsync("200200");
        // Chromium logs the 403 document itself as a failed resource; nothing else may fail.
        Assert.All(errors, e => Assert.Contains("403", e));
    }
}
