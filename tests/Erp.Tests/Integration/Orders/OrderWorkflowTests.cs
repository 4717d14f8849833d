using Erp.Data.Orders;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Orders;

[Collection(AppCollection.Name)]
public sealed class OrderWorkflowTests(ErpAppFixture fixture)
{
    private readonly OrderTestData _data = new(fixture.App);

    [Fact]
    public async Task Confirm_reserves_stock_ship_takes_it_out_and_each_bumps_the_version()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(4m, 10);
        var id = await _data.DraftAsync(customer.Id, (product.Id, 3, null), (product.Id, 2, null));

        OrderTestData.Ok(await _data.ConfirmAsync(id));
        Assert.Equal((OrderStatus.Confirmed, 4), (await _data.StatusAsync(id), await _data.VersionAsync(id)));
        Assert.Equal((10, 5), await _data.StockAsync(product.Id));

        OrderTestData.Ok(await _data.ShipAsync(id));
        Assert.Equal((OrderStatus.Shipped, 5), (await _data.StatusAsync(id), await _data.VersionAsync(id)));
        Assert.Equal((5, 0), await _data.StockAsync(product.Id));
    }

    [Fact]
    public async Task Confirm_without_lines_is_refused()
    {
        var customer = await _data.CustomerAsync();
        var id = await _data.DraftAsync(customer.Id);

        var result = await _data.ConfirmAsync(id);

        Assert.Equal(OrderOutcome.Invalid, result.Outcome);
        Assert.Contains("at least one line", result.Message);
        Assert.Equal(OrderStatus.Draft, await _data.StatusAsync(id));
    }

    [Fact]
    public async Task Confirm_with_one_product_short_reserves_nothing_and_names_the_product()
    {
        var customer = await _data.CustomerAsync();
        var plenty = await _data.ProductAsync(1m, 100);
        var scarce = await _data.ProductAsync(1m, 2);
        var id = await _data.DraftAsync(customer.Id, (plenty.Id, 5, null), (scarce.Id, 3, null));

        var result = await _data.ConfirmAsync(id);

        Assert.Equal(OrderOutcome.Conflict, result.Outcome);
        Assert.Contains(scarce.Sku, result.Message);
        Assert.Contains("3 ordered, 2 available", result.Message);
        Assert.Equal((100, 0), await _data.StockAsync(plenty.Id));
        Assert.Equal((2, 0), await _data.StockAsync(scarce.Id));
        Assert.Equal(OrderStatus.Draft, await _data.StatusAsync(id));
        Assert.Equal(3, await _data.VersionAsync(id));
    }

    [Fact]
    public async Task Credit_limit_counts_confirmed_and_shipped_orders_and_open_invoices()
    {
        var customer = await _data.CustomerAsync(creditLimit: 1000m);
        var product = await _data.ProductAsync(1m, 10_000);
        await _data.DraftAsync(customer.Id, (product.Id, 1, 50m)); // drafts do not count
        var cancelled = await _data.DraftAsync(customer.Id, (product.Id, 1, 70m));
        OrderTestData.Ok(await _data.ConfirmAsync(cancelled));
        OrderTestData.Ok(await _data.CancelAsync(cancelled)); // cancelled orders do not count
        OrderTestData.Ok(await _data.ConfirmAsync(await _data.DraftAsync(customer.Id, (product.Id, 1, 300m))));
        await _data.ShippedAsync(customer.Id, product.Id, 1, 200m);
        OrderTestData.Ok(await _data.InvoiceAsync(await _data.ShippedAsync(customer.Id, product.Id, 1, 100m)));
        var tooMuch = await _data.DraftAsync(customer.Id, (product.Id, 1, 400.01m));

        var refused = await _data.ConfirmAsync(tooMuch);

        Assert.Equal(OrderOutcome.Invalid, refused.Outcome);
        Assert.Contains("limit is 1,000.00", refused.Message);
        Assert.Contains("current exposure is 600.00", refused.Message);
        Assert.Contains("open invoices 100.00", refused.Message);
        Assert.Contains("this order adds 400.01", refused.Message);
        Assert.Equal(OrderStatus.Draft, await _data.StatusAsync(tooMuch));
        Assert.Equal(10_000 - 2, (await _data.StockAsync(product.Id)).OnHand);
        Assert.Equal(1, (await _data.StockAsync(product.Id)).Reserved);

        var exactlyFits = await _data.DraftAsync(customer.Id, (product.Id, 1, 400m));
        OrderTestData.Ok(await _data.ConfirmAsync(exactlyFits));
    }

    [Fact]
    public async Task Paid_invoices_do_not_count_against_the_credit_limit()
    {
        var customer = await _data.CustomerAsync(creditLimit: 100m);
        var product = await _data.ProductAsync(1m, 100);
        OrderTestData.Ok(await _data.InvoiceAsync(await _data.ShippedAsync(customer.Id, product.Id, 1, 100m)));
        await fixture.App.Database.ExecuteAsync("UPDATE invoices SET status = 'paid' WHERE customer_id = @Id", new { customer.Id });

        OrderTestData.Ok(await _data.ConfirmAsync(await _data.DraftAsync(customer.Id, (product.Id, 1, 100m))));
    }

    [Fact]
    public async Task Cancelling_a_draft_or_a_confirmed_order_releases_its_reservation_and_shipped_ones_are_refused()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(1m, 10);
        var draft = await _data.DraftAsync(customer.Id, (product.Id, 1, null));
        var confirmed = await _data.DraftAsync(customer.Id, (product.Id, 4, null));
        OrderTestData.Ok(await _data.ConfirmAsync(confirmed));
        var shipped = await _data.ShippedAsync(customer.Id, product.Id, 2, 1m);
        var invoiced = await _data.ShippedAsync(customer.Id, product.Id, 1, 1m);
        OrderTestData.Ok(await _data.InvoiceAsync(invoiced));
        Assert.Equal((7, 4), await _data.StockAsync(product.Id));

        OrderTestData.Ok(await _data.CancelAsync(draft));
        OrderTestData.Ok(await _data.CancelAsync(confirmed));
        var afterShipping = await _data.CancelAsync(shipped);
        var afterInvoicing = await _data.CancelAsync(invoiced);
        var twice = await _data.CancelAsync(draft);

        Assert.Equal((7, 0), await _data.StockAsync(product.Id));
        Assert.Equal(OrderStatus.Cancelled, await _data.StatusAsync(confirmed));
        Assert.All(new[] { afterShipping, afterInvoicing, twice }, r => Assert.Equal(OrderOutcome.Conflict, r.Outcome));
        Assert.Contains("This order is shipped", afterShipping.Message);
        Assert.Equal(OrderStatus.Shipped, await _data.StatusAsync(shipped));
    }

    [Theory]
    [InlineData("ship-draft")]
    [InlineData("invoice-draft")]
    [InlineData("invoice-confirmed")]
    [InlineData("confirm-confirmed")]
    [InlineData("ship-shipped")]
    [InlineData("confirm-cancelled")]
    public async Task Invalid_transitions_are_refused_and_change_nothing(string attempt)
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(1m, 10);
        var id = await _data.DraftAsync(customer.Id, (product.Id, 1, null));
        var from = attempt.Split('-')[1];
        if (from is "confirmed" or "shipped")
        {
            OrderTestData.Ok(await _data.ConfirmAsync(id));
        }
        if (from == "shipped")
        {
            OrderTestData.Ok(await _data.ShipAsync(id));
        }
        if (from == "cancelled")
        {
            OrderTestData.Ok(await _data.CancelAsync(id));
        }
        var version = await _data.VersionAsync(id);
        var stock = await _data.StockAsync(product.Id);

        var result = attempt.Split('-')[0] switch
        {
            "ship" => await _data.ShipAsync(id),
            "invoice" => await _data.InvoiceAsync(id),
            _ => await _data.ConfirmAsync(id),
        };

        Assert.Equal(OrderOutcome.Conflict, result.Outcome);
        Assert.Contains($"This order is {from}.", result.Message);
        Assert.Equal((from, version), (await _data.StatusAsync(id), await _data.VersionAsync(id)));
        Assert.Equal(stock, await _data.StockAsync(product.Id));
        Assert.Equal(0, await fixture.App.Database.ScalarAsync<int>("SELECT COUNT(*) FROM invoices WHERE order_id = @id", new { id }));
    }

    [Fact]
    public async Task Transitions_with_a_stale_version_are_refused()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(1m, 10);
        var id = await _data.DraftAsync(customer.Id, (product.Id, 1, null));
        var stale = await _data.VersionAsync(id) - 1;

        var confirm = await _data.Workflow.ConfirmAsync(id, stale, CancellationToken.None);
        var cancel = await _data.Workflow.CancelAsync(id, stale, CancellationToken.None);

        Assert.Equal(OrderOutcome.Stale, confirm.Outcome);
        Assert.Equal(OrderOutcome.Stale, cancel.Outcome);
        Assert.Equal(OrderStatus.Draft, await _data.StatusAsync(id));
        Assert.Equal((10, 0), await _data.StockAsync(product.Id));
    }

    [Fact]
    public async Task Parallel_confirmations_for_the_last_units_never_oversell()
    {
        var product = await _data.ProductAsync(1m, 10);
        var orders = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            var customer = await _data.CustomerAsync();
            orders.Add(await _data.DraftAsync(customer.Id, (product.Id, 2, null)));
        }
        var versions = await Task.WhenAll(orders.Select(_data.VersionAsync));

        var results = await Task.WhenAll(orders.Select((id, i) =>
            Task.Run(() => _data.Workflow.ConfirmAsync(id, versions[i], CancellationToken.None))));

        Assert.Equal(5, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r =>
        {
            Assert.Equal(OrderOutcome.Conflict, r.Outcome);
            Assert.Contains("Not enough stock of " + product.Sku, r.Message);
        });
        Assert.Equal((10, 10), await _data.StockAsync(product.Id));
        var statuses = await Task.WhenAll(orders.Select(_data.StatusAsync));
        Assert.Equal(5, statuses.Count(s => s == OrderStatus.Confirmed));
        Assert.Equal(10, await fixture.App.Database.ScalarAsync<int>(
            "SELECT COALESCE(SUM(quantity), 0) FROM stock_movements WHERE product_id = @Id AND kind = 'reservation'", new { product.Id }));
    }
}
