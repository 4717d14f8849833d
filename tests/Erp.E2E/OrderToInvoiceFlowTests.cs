using System.Globalization;
using System.Text.RegularExpressions;
using Erp.Tests.Support;
using Erp.Web.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erp.E2E;

[Collection(BrowserCollection.Name)]
public sealed class OrderToInvoiceFlowTests(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    private sealed record SeededProduct(string Sku, decimal UnitPrice);

    /// <summary>The seeded customer with the most credit headroom (exposure as the credit rule counts it).</summary>
    private Task<string> CustomerWithMostHeadroomAsync() => browser.App.Database.ScalarAsync<string>("""
        SELECT c.code FROM customers c
        ORDER BY c.credit_limit
                 - (SELECT COALESCE(SUM(o.total), 0) FROM sales_orders o WHERE o.customer_id = c.id AND o.status IN ('confirmed', 'shipped'))
                 - (SELECT COALESCE(SUM(i.total), 0) FROM invoices i WHERE i.customer_id = c.id AND i.status = 'open') DESC, c.id
        LIMIT 1
        """);

    private static ILocator Field(IPage page, string label) => page.GetByLabel(label, new() { Exact = true });

    private static async Task SaveFormAsync(IPage page, string path, params (string Label, string Value)[] fields)
    {
        await page.GotoAsync(path);
        foreach (var (label, value) in fields)
        {
            await Field(page, label).FillAsync(value);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(path.Replace("/new", "") + "/\\d+$"));
    }

    [Fact]
    public async Task Employee_creates_customer_and_products_then_takes_an_order_with_two_lines_from_draft_to_invoice()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var customerCode = $"FLOW{suffix}";
        SeededProduct[] products = [new($"FLOW-A-{suffix}", 120.00m), new($"FLOW-B-{suffix}", 35.25m)];
        var expectedTotal = (2 * products[0].UnitPrice + 2 * 3.50m).ToString("N2", CultureInfo.InvariantCulture);
        var (page, errors) = await browser.NewPageAsync();
        // Irreversible actions ask the browser to confirm (hx-confirm); a user says yes.
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.AcceptAsync();
        };

        await browser.SignInAsync(page, DemoUsers.AdminEmail, ErpApp.AdminPassword); // credit limit, line price: admin only
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await SaveFormAsync(page, "/customers/new", ("Name", $"Flow Test Trading {suffix}"), ("Code", customerCode),
            ("Email", "orders@flow.example"), ("Phone", "+44 20 7946 0000"), ("Country", "United Kingdom"), ("Credit limit", "100000.00"));
        await SaveFormAsync(page, "/products/new", ("SKU", products[0].Sku), ("Name", "Flow test pallet"),
            ("Unit price", "120.00"), ("Opening stock", "50"), ("Reorder level", "5"));
        var productPage = page.Url;
        await SaveFormAsync(page, "/products/new", ("SKU", products[1].Sku), ("Name", "Flow test strap"),
            ("Unit price", "35.25"), ("Opening stock", "20"), ("Reorder level", "2"));

        await page.GotoAsync("/orders/new");
        await page.GetByLabel("Customer").FillAsync(customerCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create order" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/orders/\\d+$"));
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("draft");
        var newLine = page.GetByRole(AriaRole.Form, new() { Name = "New line" });
        var rows = page.GetByTestId("order-lines-row");

        await newLine.GetByLabel("Product").FillAsync(products[0].Sku);
        await newLine.GetByLabel("Quantity").FillAsync("2");
        await newLine.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);

        await newLine.GetByLabel("Product").FillAsync(products[1].Sku);
        await newLine.GetByLabel("Quantity").FillAsync("1");
        await newLine.GetByLabel("Unit price").FillAsync("3.50");
        await newLine.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);

        // A third line, removed again; then the second line's quantity changed in place.
        await newLine.GetByLabel("Product").FillAsync(products[1].Sku);
        await newLine.GetByLabel("Quantity").FillAsync("5");
        await newLine.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await rows.Nth(2).GetByRole(AriaRole.Button, new() { Name = "Remove line" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await rows.Nth(1).GetByLabel("Quantity").FillAsync("2");
        await rows.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByTestId("order-total")).ToHaveTextAsync(expectedTotal);
        await Expect(rows.Nth(0)).ToContainTextAsync(products[0].Sku);
        await page.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "order-draft-two-lines.png"), FullPage = true });

        foreach (var (button, status) in new[] { ("Confirm", "confirmed"), ("Ship", "shipped"), ("Create invoice", "invoiced") })
        {
            await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
            await Expect(page.GetByTestId("order-status")).ToHaveTextAsync(status);
        }
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        Assert.Collection(dialogs,
            d => Assert.StartsWith("Remove line 3 (", d),
            d => Assert.StartsWith("Ship order #", d),
            d => Assert.StartsWith("Create the invoice for order #", d));
        await page.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "order-invoiced.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^INV-") }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/invoices/\\d+$"));
        await Expect(page.GetByTestId("invoice-number")).ToHaveTextAsync(new Regex("^INV-\\d{4}-\\d{6}$"));
        await Expect(page.GetByTestId("invoice-total")).ToHaveTextAsync(expectedTotal);
        await page.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "invoice.png"), FullPage = true });

        // The shipment left the first product's stock: 50 opening - 2 shipped, nothing reserved.
        await page.GotoAsync(productPage);
        await Expect(page.GetByTestId("stock-on-hand")).ToHaveTextAsync("48");
        await Expect(page.GetByTestId("stock-reserved")).ToHaveTextAsync("0");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Without_JavaScript_the_same_forms_create_an_order_add_a_line_and_confirm_it()
    {
        var customerCode = await CustomerWithMostHeadroomAsync();
        var sku = await browser.App.Database.ScalarAsync<string>("SELECT sku FROM products ORDER BY on_hand - reserved DESC, id LIMIT 1");
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();

        await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        await page.GotoAsync("/orders/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Enter the customer's code or name." })).ToBeVisibleAsync();
        await page.GetByLabel("Customer").FillAsync(customerCode);
        await page.GetByLabel("Customer").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/orders/\\d+$"));

        var newLine = page.GetByRole(AriaRole.Form, new() { Name = "New line" });
        await newLine.GetByLabel("Product").FillAsync(sku);
        await newLine.GetByLabel("Quantity").FillAsync("0");
        await newLine.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Quantity must be from 1 to 1,000,000." })).ToBeVisibleAsync();
        await Expect(newLine.GetByLabel("Product")).ToHaveValueAsync(sku);
        await newLine.GetByLabel("Quantity").FillAsync("1");
        await newLine.GetByLabel("Quantity").PressAsync("Enter");
        await Expect(page.GetByTestId("order-lines-row")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("confirmed");
        await Expect(page).ToHaveURLAsync(new Regex("/orders/\\d+$"));
        await page.ScreenshotAsync(new() { Caret = ScreenshotCaret.Initial, Path = Path.Combine(BrowserFixture.ArtifactsDir, "order-confirmed-without-js.png"), FullPage = true });
        await context.DisposeAsync();
    }
}
