using System.Text.RegularExpressions;
using Erp.Tests.Support;
using Erp.Web.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erp.E2E;

[Collection(BrowserCollection.Name)]
public sealed class CustomerProductFlowTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    private static ILocator Field(IPage page, string label) => page.GetByLabel(label, new() { Exact = true });

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    [Fact]
    public async Task Admin_creates_a_customer_and_a_product_through_the_forms_and_adjusts_stock()
    {
        var (page, errors) = await browser.NewPageAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await browser.SignInAsync(page, DemoUsers.AdminEmail, ErpApp.AdminPassword); // credit limit, stock adjustment: admin only
        await Expect(page).ToHaveURLAsync(new Regex("/$"));

        await page.GotoAsync("/customers/new");
        await Field(page, "Name").FillAsync($"Nordwind Handel {suffix}");
        await Field(page, "Code").FillAsync($"E2E{suffix}");
        await Field(page, "Email").FillAsync("not-an-email");
        await Field(page, "Phone").FillAsync("+49 40 555 0100");
        await Field(page, "Country").FillAsync("Germany");
        await Field(page, "Credit limit").FillAsync("15000.00");
        await Button(page, "Save").ClickAsync();

        // htmx swapped the form with the message next to the field; what was typed is still there.
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Enter an email address like name@example.com." })).ToHaveTextAsync("Enter an email address like name@example.com.");
        await Expect(page).ToHaveURLAsync(new Regex("/customers/new$"));
        await Expect(Field(page, "Name")).ToHaveValueAsync($"Nordwind Handel {suffix}");
        await Field(page, "Email").FillAsync("einkauf@nordwind.example");
        await Button(page, "Save").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/customers/\\d+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Nordwind Handel {suffix}");
        // In the record's facts (the History section below lists the same e-mail among its changes).
        await Expect(page.GetByTestId("customer-details").GetByText("einkauf@nordwind.example")).ToBeVisibleAsync();
        await Expect(page.GetByText("15,000.00")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "customer-details.png") });

        await page.GotoAsync("/products/new");
        await Field(page, "SKU").FillAsync($"E2E-{suffix}");
        await Field(page, "Name").FillAsync("Pallet jack 2.5 t");
        await Field(page, "Unit price").FillAsync("389.90");
        await Field(page, "Opening stock").FillAsync("25");
        await Field(page, "Reorder level").FillAsync("5");
        await Button(page, "Save").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/products/\\d+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Pallet jack 2.5 t");
        var movements = page.GetByRole(AriaRole.Table, new() { Name = "Recent stock movements" });
        await Expect(movements.GetByRole(AriaRole.Row)).ToHaveCountAsync(2); // header + the opening movement
        await Expect(movements).ToContainTextAsync("opening");

        await Field(page, "Quantity").FillAsync("-4");
        await Field(page, "Reason").FillAsync("Damaged in transit");
        await Button(page, "Adjust stock").ClickAsync();

        await Expect(movements.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        var adjustment = movements.GetByRole(AriaRole.Row).Nth(1);
        await Expect(adjustment).ToContainTextAsync("Damaged in transit");
        await Expect(adjustment.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("21"); // on hand after
        // The swapped stock panel shows the new figures: on hand and available are both 21 (nothing reserved).
        await Expect(page.GetByRole(AriaRole.Definition).Filter(new() { HasTextRegex = new Regex("^21$") })).ToHaveCountAsync(2);
        await Expect(Field(page, "Quantity")).ToHaveValueAsync("");
        await page.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "product-details.png"), FullPage = true });

        // The one refused post answered 422, which Chromium logs as a failed resource; nothing else may fail.
        Assert.All(errors, e => Assert.Contains("422", e));
    }
}
