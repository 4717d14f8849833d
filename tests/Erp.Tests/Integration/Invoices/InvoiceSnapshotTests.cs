using Erp.Data.Rules;
using AngleSharp.Dom;
using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Data.Invoices;
using Erp.Data.Migrations;
using Erp.Data.Products;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Invoices;

/// <summary>An issued invoice never changes: it shows its own copy of company, customer and lines (ADR 0007).</summary>
[Collection(AppCollection.Name)]
public sealed class InvoiceSnapshotTests(ErpAppFixture fixture)
{
    private readonly OrderTestData _data = new(fixture.App);
    private ErpApp App => fixture.App;
    private CustomerStore Customers => App.Services.GetRequiredService<CustomerStore>();
    private ProductStore Products => App.Services.GetRequiredService<ProductStore>();

    private static string Unique() => Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private async Task<Customer> CustomerWithAddressAsync()
    {
        var saved = await Customers.CreateAsync(new CustomerInput("S" + Unique(), "Snapshot Original GmbH", null, null, "Germany", 1_000_000m)
        {
            Address = "Alte Straße 1",
            PostalCode = "10115",
            City = "Berlin",
        }, CancellationToken.None);
        return saved.Row!;
    }

    /// <summary>Everything the invoice page shows, as text: a change anywhere shows up as a difference.</summary>
    private static string[] Shown(IDocument page) =>
    [
        page.ByTestId("invoice-number")!.ReadText(),
        page.ByTestId("invoice-company")!.ReadText(),
        page.ByTestId("invoice-customer")!.ReadText(),
        page.ByTestId("invoice-due-date")!.ReadText(),
        page.ByTestId("invoice-total")!.ReadText(),
        .. page.AllByTestId("invoice-lines-row").Select(r => r.ReadText()),
    ];

    [Fact]
    public async Task Renaming_and_repricing_after_invoicing_leaves_the_invoice_page_unchanged()
    {
        var customer = await CustomerWithAddressAsync();
        var product = await _data.ProductAsync(12.50m, 100, name: "Original Widget");
        var orderId = await _data.ShippedAsync(customer.Id, product.Id, 4, 12.50m);
        var invoiceId = OrderTestData.Ok(await _data.InvoiceAsync(orderId)).Id!.Value;
        var client = await App.SignInAsync();
        var before = Shown(await client.GetHtmlAsync($"/invoices/{invoiceId}"));

        var renamed = await Customers.UpdateAsync(customer.Id, customer.Version,
            new CustomerInput(customer.Code + "X", "Renamed Later AG", null, null, "Austria", 5m)
            {
                Address = "Neue Gasse 9",
                PostalCode = "1010",
                City = "Wien",
            }, CancellationToken.None);
        Assert.Equal(SaveStatus.Saved, renamed.Status);
        var current = (await Products.GetAsync(product.Id, CancellationToken.None))!;
        Assert.Equal(SaveStatus.Saved, (await Products.UpdateAsync(product.Id, current.Version,
            new ProductInput(product.Sku + "-NEW", "Renamed Widget", 99.99m, 0), CancellationToken.None)).Status);

        var page = await client.GetHtmlAsync($"/invoices/{invoiceId}");
        var after = Shown(page);

        Assert.Equal(before, after);
        var billTo = page.ByTestId("invoice-customer")!.ReadText();
        Assert.Contains("Snapshot Original GmbH", billTo);
        Assert.Contains(customer.Code, billTo);
        Assert.Contains("Alte Straße 1", billTo);
        Assert.Contains("10115 Berlin", billTo);
        Assert.Contains("Germany", billTo);
        Assert.DoesNotContain("Renamed", page.Body!.TextContent);
        Assert.DoesNotContain("Wien", page.Body!.TextContent);
        var line = Assert.Single(page.AllByTestId("invoice-lines-row")).QuerySelectorAll("td").Select(td => td.ReadText()).ToArray();
        Assert.Equal(["1", product.Sku, "Original Widget", "4", "12.50", "50.00"], line);
        Assert.Equal("50.00", page.ByTestId("invoice-total")!.ReadText());
        var company = App.Services.GetRequiredService<CompanyIdentity>();
        Assert.Contains(company.Name, page.ByTestId("invoice-company")!.ReadText());
    }

    [Fact]
    public async Task The_invoice_keeps_the_company_identity_it_was_issued_with()
    {
        var customer = await CustomerWithAddressAsync();
        var product = await _data.ProductAsync(3m, 10);
        var orderId = await _data.ShippedAsync(customer.Id, product.Id, 1, 3m);
        var db = App.Services.GetRequiredService<Db>();
        var time = App.Services.GetRequiredService<TimeProvider>();
        var issuedBy = new InvoiceStore(db, time, App.Services.GetRequiredService<CompanyTime>(), new CompanyIdentity("Old Name Ltd", "Old Road 1\n99999 Oldtown"));
        var invoiceId = OrderTestData.Ok(await issuedBy.CreateForOrderAsync(orderId, await _data.VersionAsync(orderId), CancellationToken.None)).Id!.Value;

        var afterMove = new InvoiceStore(db, time, App.Services.GetRequiredService<CompanyTime>(), new CompanyIdentity("New Name Ltd", "New Road 2"));
        var invoice = (await afterMove.GetAsync(invoiceId, CancellationToken.None))!;

        Assert.Equal("Old Name Ltd", invoice.CompanyName);
        Assert.Equal("Old Road 1\n99999 Oldtown", invoice.CompanyAddress);
    }

    [Fact]
    public async Task Invoicing_records_the_invoice_its_lines_and_the_order_as_changed()
    {
        var customer = await CustomerWithAddressAsync();
        var first = await _data.ProductAsync(1m, 10);
        var second = await _data.ProductAsync(2m, 10);
        var orderId = await _data.DraftAsync(customer.Id, (first.Id, 1, null), (second.Id, 2, null));
        OrderTestData.Ok(await _data.ConfirmAsync(orderId));
        OrderTestData.Ok(await _data.ShipAsync(orderId));
        var recorder = new Recorder();
        var db = new Db(App.Database.CreateDataSource(), subscribers: [recorder]);
        var store = new InvoiceStore(db, TimeProvider.System, App.Services.GetRequiredService<CompanyTime>(), CompanyIdentity.Demo);

        var invoiceId = OrderTestData.Ok(await store.CreateForOrderAsync(orderId, await _data.VersionAsync(orderId), CancellationToken.None)).Id!.Value;

        var lineIds = await App.Database.QueryAsync<long>("SELECT id FROM invoice_lines WHERE invoice_id = @invoiceId", new { invoiceId });
        Assert.Equal(2, lineIds.Count);
        Assert.Equal(
            new[] { $"invoice:{invoiceId}", $"order:{orderId}" }.Concat(lineIds.Select(id => $"invoice_line:{id}")).Order(),
            Assert.Single(recorder.Writes).Changes.Select(c => c.ToString()).Order());
    }

    [Fact]
    public async Task The_backfill_migrations_copy_invoices_issued_before_the_snapshot_and_can_run_twice()
    {
        var customer = await CustomerWithAddressAsync();
        var product = await _data.ProductAsync(7m, 10, name: "Backfilled Widget");
        var orderId = await _data.ShippedAsync(customer.Id, product.Id, 3, 7m);
        var invoiceId = OrderTestData.Ok(await _data.InvoiceAsync(orderId)).Id!.Value;
        // As the invoice was before migrations 0021-0024: no lines, no copied customer.
        await App.Database.ExecuteAsync("""
            DELETE FROM invoice_lines WHERE invoice_id = @invoiceId;
            UPDATE invoices SET customer_code = NULL, customer_name = NULL, customer_address = NULL, customer_postal_code = NULL,
                                customer_city = NULL, customer_country = NULL
            WHERE id = @invoiceId;
            """, new { invoiceId });

        foreach (var _ in new[] { 1, 2 })
        {
            foreach (var migration in Migrator.Embedded.Where(m => m.Version is 23 or 24))
            {
                await App.Database.ExecuteAsync(migration.Sql);
            }
        }

        // The rows were changed behind the app's back (as a migration does): drop what the cache holds of the
        // invoice — the invoice-pdf job may have read it between the DELETE and the backfill.
        await App.Services.GetRequiredService<Db>().WriteAsync(uow =>
        {
            uow.Changed(Entities.Invoice, invoiceId);
            return Task.CompletedTask;
        }, CancellationToken.None);
        var invoice = (await App.Services.GetRequiredService<InvoiceStore>().GetAsync(invoiceId, CancellationToken.None))!;
        Assert.Equal((customer.Code, "Snapshot Original GmbH", "Alte Straße 1", "10115", "Berlin", "Germany"),
            (invoice.CustomerCode, invoice.CustomerName, invoice.CustomerAddress, invoice.CustomerPostalCode, invoice.CustomerCity,
                invoice.CustomerCountry));
        var line = Assert.Single(invoice.Lines);
        Assert.Equal((1, product.Id, product.Sku, "Backfilled Widget", 3, 7m, 21m),
            (line.LineNo, line.ProductId, line.Sku, line.ProductName, line.Quantity, line.UnitPrice, line.LineTotal));
    }

    private sealed class Recorder : IAfterCommit
    {
        public List<CommittedWrite> Writes { get; } = [];

        public Task OnCommittedAsync(CommittedWrite write, CancellationToken ct)
        {
            Writes.Add(write);
            return Task.CompletedTask;
        }
    }
}
