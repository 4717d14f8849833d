using System.Globalization;
using System.Net;
using Erp.Tests.Integration.Customers;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Integration.Products;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Security;

/// <summary>
/// A field an employee may not change keeps the value the database holds, not the value this node's
/// cache remembers: another node's admin may have changed it a moment ago (the backplane message is
/// on its way, or the backplane is down). Each test changes the field in the database behind the
/// cache's back, without a new version, which is what a node with a stale entry sees.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class StaleCacheAdminFieldTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;
    private OrderTestData Data => new(App);

    [Fact]
    public async Task Employee_edit_keeps_the_stored_credit_limit_not_the_cached_one()
    {
        var (id, code, _) = await Data.CustomerAsync(creditLimit: 1000m);
        var employee = await App.EmployeeAsync();
        Assert.Equal(HttpStatusCode.OK, (await employee.GetAsync($"/customers/{id}/edit")).StatusCode); // cached now
        await App.Database.ExecuteAsync("UPDATE customers SET credit_limit = 777 WHERE id = @id", new { id });
        var fields = CustomerForms.Valid(code, "Renamed by the employee");
        fields["Input.CreditLimit"] = "1000.00";
        fields["Version"] = "1";

        var response = await employee.PostFormAsync($"/customers/{id}/edit", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(("Renamed by the employee", 777m), (await App.Database.QueryAsync<(string, decimal)>(
            "SELECT name, credit_limit FROM customers WHERE id = @id", new { id }))[0]);
    }

    [Fact]
    public async Task Employee_edit_keeps_the_stored_unit_price_not_the_cached_one()
    {
        var (id, sku) = await Data.ProductAsync(12.50m, 5);
        var employee = await App.EmployeeAsync();
        Assert.Equal(HttpStatusCode.OK, (await employee.GetAsync($"/products/{id}/edit")).StatusCode);
        await App.Database.ExecuteAsync("UPDATE products SET unit_price = 7.77 WHERE id = @id", new { id });
        var fields = ProductForms.Valid(sku, "Renamed by the employee");
        fields.Remove("Input.OpeningStock");
        fields["Input.UnitPrice"] = "12.50";
        fields["Version"] = (await App.Database.ScalarAsync<int>("SELECT version FROM products WHERE id = @id", new { id }))
            .ToString(CultureInfo.InvariantCulture);

        var response = await employee.PostFormAsync($"/products/{id}/edit", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(("Renamed by the employee", 7.77m), (await App.Database.QueryAsync<(string, decimal)>(
            "SELECT name, unit_price FROM products WHERE id = @id", new { id }))[0]);
    }

    [Fact]
    public async Task Employee_changing_a_quantity_keeps_the_stored_line_price_not_the_cached_one()
    {
        var (customerId, _, _) = await Data.CustomerAsync();
        var (productId, _) = await Data.ProductAsync(20.00m, 100);
        var order = await Data.DraftAsync(customerId, (productId, 1, 15.00m));
        var lineId = await App.Database.ScalarAsync<long>("SELECT id FROM sales_order_lines WHERE order_id = @order", new { order });
        var employee = await App.EmployeeAsync();
        Assert.Equal(HttpStatusCode.OK, (await employee.GetAsync($"/orders/{order}")).StatusCode);
        await App.Database.ExecuteAsync("UPDATE sales_order_lines SET unit_price = 9.99, line_total = 9.99 WHERE id = @lineId", new { lineId });

        var response = await employee.PostFormAsync($"/orders/{order}?handler=SaveLine", new Dictionary<string, string>
        {
            ["Version"] = (await Data.VersionAsync(order)).ToString(CultureInfo.InvariantCulture),
            ["Line.LineId"] = lineId.ToString(CultureInfo.InvariantCulture),
            ["Line.Quantity"] = "3",
            ["Line.UnitPrice"] = "15.00",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal((3, 9.99m, 29.97m), (await App.Database.QueryAsync<(int, decimal, decimal)>(
            "SELECT quantity, unit_price, line_total FROM sales_order_lines WHERE id = @lineId", new { lineId }))[0]);
    }
}
