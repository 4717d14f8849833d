using Erp.Data.Orders;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Orders;

[Collection(AppCollection.Name)]
public sealed class OrderLineTests(ErpAppFixture fixture)
{
    private readonly OrderTestData _data = new(fixture.App);
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Total_is_recomputed_and_version_bumped_when_a_line_is_added_changed_and_removed()
    {
        var customer = await _data.CustomerAsync();
        var a = await _data.ProductAsync(10.00m, 100);
        var b = await _data.ProductAsync(2.50m, 100);
        var id = await _data.Orders.CreateDraftAsync(customer.Id, None) ?? 0;
        Assert.Equal(0m, await _data.TotalAsync(id));

        OrderTestData.Ok(await _data.Orders.AddLineAsync(id, 1, a.Id, 3, 12.34m, None));
        Assert.Equal(37.02m, await _data.TotalAsync(id));
        OrderTestData.Ok(await _data.Orders.AddLineAsync(id, 2, b.Id, 4, null, None));
        Assert.Equal(47.02m, await _data.TotalAsync(id));
        Assert.Equal(3, await _data.VersionAsync(id));

        var order = (await _data.Orders.GetAsync(id, None))!;
        Assert.Equal([1, 2], order.Lines.Select(l => l.LineNo));
        Assert.Equal(2.50m, order.Lines[1].UnitPrice);
        Assert.Equal(10.00m, order.Lines[1].LineTotal);

        OrderTestData.Ok(await _data.Orders.ChangeLineAsync(id, 3, order.Lines[0].Id, 1, null, None));
        Assert.Equal(20.00m, await _data.TotalAsync(id));
        OrderTestData.Ok(await _data.Orders.RemoveLineAsync(id, 4, order.Lines[1].Id, None));
        Assert.Equal(10.00m, await _data.TotalAsync(id));
        Assert.Equal(5, await _data.VersionAsync(id));
        Assert.Equal(1, await _data.LineCountAsync(id));
    }

    [Fact]
    public async Task Stale_version_changes_nothing_and_says_so()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(5m, 10);
        var id = await _data.DraftAsync(customer.Id, (product.Id, 1, null));
        var lineId = (await _data.Orders.GetAsync(id, None))!.Lines[0].Id;

        var results = new[]
        {
            await _data.Orders.AddLineAsync(id, 1, product.Id, 2, null, None),
            await _data.Orders.ChangeLineAsync(id, 1, lineId, 5, null, None),
            await _data.Orders.RemoveLineAsync(id, 1, lineId, None),
        };

        Assert.All(results, r => Assert.Equal(OrderOutcome.Stale, r.Outcome));
        Assert.Equal(1, await _data.LineCountAsync(id));
        Assert.Equal(5m, await _data.TotalAsync(id));
        Assert.Equal(2, await _data.VersionAsync(id));
    }

    [Fact]
    public async Task Lines_of_a_confirmed_order_cannot_be_changed()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(5m, 10);
        var id = await _data.DraftAsync(customer.Id, (product.Id, 1, null));
        OrderTestData.Ok(await _data.ConfirmAsync(id));
        var version = await _data.VersionAsync(id);
        var lineId = (await _data.Orders.GetAsync(id, None))!.Lines[0].Id;

        var add = await _data.Orders.AddLineAsync(id, version, product.Id, 1, null, None);
        var change = await _data.Orders.ChangeLineAsync(id, version, lineId, 2, null, None);
        var remove = await _data.Orders.RemoveLineAsync(id, version, lineId, None);

        Assert.All(new[] { add, change, remove }, r =>
        {
            Assert.Equal(OrderOutcome.Conflict, r.Outcome);
            Assert.Contains("only be changed while the order is a draft", r.Message);
        });
        Assert.Equal(1, await _data.LineCountAsync(id));
        Assert.Equal(version, await _data.VersionAsync(id));
    }

    [Fact]
    public async Task A_line_that_would_push_the_total_past_DECIMAL_14_2_is_refused_on_the_quantity()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(5m, 10);
        var id = await _data.DraftAsync(customer.Id, (product.Id, 1, 999_999_999_000m));

        var result = await _data.Orders.AddLineAsync(id, 2, product.Id, 1_000, 1.00m, None);

        Assert.Equal(OrderOutcome.Invalid, result.Outcome);
        Assert.Equal("Quantity", result.Field);
        Assert.Equal(1, await _data.LineCountAsync(id));
        Assert.Equal(999_999_999_000m, await _data.TotalAsync(id));
        Assert.Equal(2, await _data.VersionAsync(id));
    }

    [Fact]
    public async Task Unknown_product_or_line_or_order_is_refused_without_a_write()
    {
        var customer = await _data.CustomerAsync();
        var id = await _data.DraftAsync(customer.Id);

        var product = await _data.Orders.AddLineAsync(id, 1, long.MaxValue, 1, null, None);
        var line = await _data.Orders.ChangeLineAsync(id, 1, long.MaxValue, 1, null, None);
        var order = await _data.Orders.AddLineAsync(long.MaxValue, 1, 1, 1, null, None);

        Assert.Equal((OrderOutcome.Invalid, "Product"), (product.Outcome, product.Field));
        Assert.Equal(OrderOutcome.NotFound, line.Outcome);
        Assert.Equal(OrderOutcome.NotFound, order.Outcome);
        Assert.Equal(1, await _data.VersionAsync(id));
        Assert.Null(await _data.Orders.CreateDraftAsync(long.MaxValue, None));
    }
}
