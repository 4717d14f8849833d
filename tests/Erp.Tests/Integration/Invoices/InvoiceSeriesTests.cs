using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Invoices;

/// <summary>On its own empty database, so the year's series does not exist yet when the invoicings race.</summary>
public sealed class InvoiceSeriesTests : IAsyncLifetime
{
    private ErpApp _app = null!;

    public async Task InitializeAsync() => _app = await ErpApp.StartAsync(seedOrders: 0);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_new_series_starts_at_000001_and_stays_gapless_when_its_first_invoicings_race()
    {
        var data = new OrderTestData(_app);
        var customer = await data.CustomerAsync();
        var product = await data.ProductAsync(1m, 100);
        var orders = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            orders.Add(await data.ShippedAsync(customer.Id, product.Id, 1, 1m));
        }
        var versions = await Task.WhenAll(orders.Select(data.VersionAsync));

        var results = await Task.WhenAll(orders.Select((id, i) =>
            Task.Run(() => data.Invoices.CreateForOrderAsync(id, versions[i], CancellationToken.None))));

        Assert.All(results, r => OrderTestData.Ok(r));
        var numbers = await _app.Database.QueryAsync<string>("SELECT invoice_no FROM invoices ORDER BY invoice_no");
        var year = numbers[0][4..8];
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"INV-{year}-{n:D6}"), numbers);
    }
}
