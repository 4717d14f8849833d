using System.Net;
using Erp.Data.Users;
using Erp.Tests.Integration.Customers;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Integration.Products;
using Erp.Tests.Support;
using Erp.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Security;

/// <summary>
/// Each admin-only action of the permission matrix: an employee's request (the page, an htmx
/// request and a forged form post) is refused or ignored and changes nothing; an admin's succeeds.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AdminOnlyActionTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;
    private OrderTestData Data => new(App);

    private static async Task AssertRefusalPageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await response.DocumentAsync();
        Assert.Equal("Access denied", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(Refusals.Message("admin"), page.ByTestId("refusal")?.TextContent.Trim());
    }

    private static async Task AssertRefusalNoticeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("#notices", response.Headers.GetValues("HX-Retarget").Single());
        Assert.Equal("innerHTML", response.Headers.GetValues("HX-Reswap").Single());
        var notice = (await response.DocumentAsync()).ByTestId("notice");
        Assert.NotNull(notice);
        Assert.Equal(Refusals.Message("admin"), notice.QuerySelector("p")?.TextContent.Trim());
        Assert.NotNull(notice.Button("Dismiss")?.GetAttribute("data-dismiss-notice"));
    }

    [Fact]
    public async Task Employee_opening_admin_users_gets_a_403_page_naming_the_admin_role()
    {
        var employee = await App.EmployeeAsync();

        await AssertRefusalPageAsync(await employee.GetAsync("/admin/users"));
        await AssertRefusalNoticeAsync(await employee.GetHtmxAsync("/admin/users"));
        Assert.Equal(HttpStatusCode.OK, (await (await App.AdminAsync()).GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_request_for_admin_users_is_sent_to_sign_in_not_refused()
    {
        var response = await App.CreateAnonymousClient().GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Employee_forged_create_user_is_refused_and_creates_nobody(bool htmx)
    {
        var email = $"forged-{Guid.NewGuid():N}@erp.local";
        var fields = new Dictionary<string, string>
        {
            ["NewUser.Name"] = "Forged", ["NewUser.Email"] = email, ["NewUser.Role"] = "admin", ["NewUser.Password"] = "A-long-enough-secret-42",
        };

        var response = await (await App.EmployeeAsync()).PostFormAsync("/admin/users?handler=Create", fields, htmx);

        await (htmx ? AssertRefusalNoticeAsync(response) : AssertRefusalPageAsync(response));
        Assert.Equal(0, await App.Database.ScalarAsync<int>("SELECT COUNT(*) FROM users WHERE email = @email", new { email }));
        var admin = await (await App.AdminAsync()).PostFormAsync("/admin/users?handler=Create", fields);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal(1, await App.Database.ScalarAsync<int>("SELECT COUNT(*) FROM users WHERE email = @email", new { email }));
    }

    [Theory]
    [InlineData("Role", false)]
    [InlineData("Disable", true)]
    [InlineData("Enable", false)]
    [InlineData("Unlock", true)]
    [InlineData("ResetPassword", false)]
    public async Task Employee_forged_user_administration_is_refused_and_changes_no_user(string handler, bool htmx)
    {
        var email = $"target-{Guid.NewGuid():N}@erp.local";
        var id = (await App.Services.GetRequiredService<UserStore>().CreateAsync(
            new NewUser(email, "Target", Roles.Employee, "unchanged-hash"), CancellationToken.None)).Row!.Id;
        const string RowSql = "SELECT role, password_hash, security_stamp, disabled_at IS NOT NULL, version FROM users WHERE id = @id";
        var before = await App.Database.QueryAsync<(string, string, string, bool, int)>(RowSql, new { id });

        var response = await (await App.EmployeeAsync()).PostFormAsync($"/admin/users?handler={handler}", new Dictionary<string, string>
        {
            ["UserId"] = id.ToString(), ["Role"] = Roles.Admin, ["NewPassword"] = "Forged-new-password-77",
        }, htmx);

        await (htmx ? AssertRefusalNoticeAsync(response) : AssertRefusalPageAsync(response));
        Assert.Equal(before, await App.Database.QueryAsync<(string, string, string, bool, int)>(RowSql, new { id }));
    }

    [Fact]
    public async Task Employee_sees_no_stock_adjustment_form_and_the_product_page_still_opens()
    {
        var (id, _) = await Data.ProductAsync(10m, 10);

        var employeePage = await (await App.EmployeeAsync()).GetAsync($"/products/{id}");
        var adminPage = await (await App.AdminAsync()).GetAsync($"/products/{id}");

        Assert.Equal(HttpStatusCode.OK, employeePage.StatusCode);
        Assert.Null((await employeePage.DocumentAsync()).Button("Adjust stock"));
        Assert.NotNull((await adminPage.DocumentAsync()).Button("Adjust stock"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Employee_stock_adjustment_is_refused_and_changes_no_stock(bool htmx)
    {
        var (id, _) = await Data.ProductAsync(10m, 10);
        var adjustment = new Dictionary<string, string> { ["Adjust.Quantity"] = "+5", ["Adjust.Reason"] = "Forged" };

        var response = await (await App.EmployeeAsync()).PostFormAsync($"/products/{id}?handler=Adjust", adjustment, htmx);

        await (htmx ? AssertRefusalNoticeAsync(response) : AssertRefusalPageAsync(response));
        Assert.Equal(10, (await Data.StockAsync(id)).OnHand);
        Assert.Equal(0, await App.Database.ScalarAsync<int>(
            "SELECT COUNT(*) FROM stock_movements WHERE product_id = @id AND kind = 'adjustment'", new { id }));
        var admin = await (await App.AdminAsync()).PostFormAsync($"/products/{id}?handler=Adjust", adjustment);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal(15, (await Data.StockAsync(id)).OnHand);
    }

    [Fact]
    public async Task Employee_sees_the_credit_limit_read_only_and_the_admin_can_edit_it()
    {
        var (id, _, _) = await Data.CustomerAsync(creditLimit: 1000m);

        var employee = await (await (await App.EmployeeAsync()).GetAsync($"/customers/{id}/edit")).DocumentAsync();
        var admin = await (await (await App.AdminAsync()).GetAsync($"/customers/{id}/edit")).DocumentAsync();

        Assert.True(employee.Labelled("Credit limit")!.HasAttribute("readonly"));
        Assert.Equal("1000.00", employee.Labelled("Credit limit")!.GetAttribute("value"));
        Assert.False(admin.Labelled("Credit limit")!.HasAttribute("readonly"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Employee_posting_a_credit_limit_saves_the_other_fields_and_keeps_the_stored_limit(bool htmx)
    {
        var (id, code, _) = await Data.CustomerAsync(creditLimit: 1000m);
        var fields = CustomerForms.Valid(code, "Renamed by the employee");
        fields["Input.CreditLimit"] = "999999.00";
        fields["Version"] = "1";

        var response = await (await App.EmployeeAsync()).PostFormAsync($"/customers/{id}/edit", fields, htmx);

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"answered {(int)response.StatusCode}");
        Assert.Equal(("Renamed by the employee", 1000m), (await App.Database.QueryAsync<(string, decimal)>(
            "SELECT name, credit_limit FROM customers WHERE id = @id", new { id }))[0]);

        fields["Version"] = "2";
        var admin = await (await App.AdminAsync()).PostFormAsync($"/customers/{id}/edit", fields);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal(999999m, await App.Database.ScalarAsync<decimal>("SELECT credit_limit FROM customers WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Employee_creating_a_customer_gets_no_credit_limit_whatever_was_posted()
    {
        var fields = CustomerForms.Valid();
        fields["Input.CreditLimit"] = "50000.00";

        var response = await (await App.EmployeeAsync()).PostFormAsync("/customers/new", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = CustomerForms.IdFrom(response.Headers.Location!.OriginalString);
        Assert.Equal(0m, await App.Database.ScalarAsync<decimal>("SELECT credit_limit FROM customers WHERE id = @id", new { id }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Employee_posting_a_new_unit_price_for_a_product_keeps_the_stored_price(bool htmx)
    {
        var (id, sku) = await Data.ProductAsync(12.50m, 5);
        var fields = ProductForms.Valid(sku, "Renamed by the employee");
        fields.Remove("Input.OpeningStock");
        fields["Input.UnitPrice"] = "0.01";
        var version = await App.Database.ScalarAsync<int>("SELECT version FROM products WHERE id = @id", new { id });
        fields["Version"] = version.ToString();
        var employee = await App.EmployeeAsync();
        var form = await (await employee.GetAsync($"/products/{id}/edit")).DocumentAsync();
        var response = await employee.PostFormAsync($"/products/{id}/edit", fields, htmx);

        Assert.True(form.Labelled("Unit price")!.HasAttribute("readonly"));
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"answered {(int)response.StatusCode}");
        Assert.Equal(("Renamed by the employee", 12.50m), (await App.Database.QueryAsync<(string, decimal)>(
            "SELECT name, unit_price FROM products WHERE id = @id", new { id }))[0]);

        fields["Version"] = (version + 1).ToString();
        var admin = await (await App.AdminAsync()).PostFormAsync($"/products/{id}/edit", fields);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal(0.01m, await App.Database.ScalarAsync<decimal>("SELECT unit_price FROM products WHERE id = @id", new { id }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Employee_line_price_is_ignored_when_adding_a_line_and_an_admin_may_set_one(bool htmx)
    {
        var (customerId, _, _) = await Data.CustomerAsync();
        var (_, sku) = await Data.ProductAsync(20.00m, 100);
        var order = await Data.DraftAsync(customerId);
        async Task<HttpResponseMessage> AddAsync(HttpClient client) => await client.PostFormAsync($"/orders/{order}?handler=AddLine",
            new Dictionary<string, string>
            {
                ["Version"] = (await Data.VersionAsync(order)).ToString(), ["NewLine.Product"] = sku, ["NewLine.Quantity"] = "2",
                ["NewLine.UnitPrice"] = "1.00",
            }, htmx);

        var employee = await App.EmployeeAsync();
        var page = await (await employee.GetAsync($"/orders/{order}")).DocumentAsync();
        var byEmployee = await AddAsync(employee);
        var byAdmin = await AddAsync(await App.AdminAsync());

        Assert.True(page.Labelled("Unit price")!.HasAttribute("readonly"));
        Assert.True(byEmployee.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"answered {(int)byEmployee.StatusCode}");
        Assert.True(byAdmin.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"answered {(int)byAdmin.StatusCode}");
        Assert.Equal([20.00m, 1.00m], await App.Database.QueryAsync<decimal>(
            "SELECT unit_price FROM sales_order_lines WHERE order_id = @order ORDER BY line_no", new { order }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Employee_changing_a_line_keeps_its_price_and_an_admin_may_change_it(bool htmx)
    {
        var (customerId, _, _) = await Data.CustomerAsync();
        var (productId, _) = await Data.ProductAsync(20.00m, 100);
        var order = await Data.DraftAsync(customerId, (productId, 1, 15.00m));
        var lineId = await App.Database.ScalarAsync<long>("SELECT id FROM sales_order_lines WHERE order_id = @order", new { order });
        async Task<HttpResponseMessage> SaveAsync(HttpClient client, string quantity, string price) => await client.PostFormAsync(
            $"/orders/{order}?handler=SaveLine", new Dictionary<string, string>
            {
                ["Version"] = (await Data.VersionAsync(order)).ToString(), ["Line.LineId"] = lineId.ToString(),
                ["Line.Quantity"] = quantity, ["Line.UnitPrice"] = price,
            }, htmx);

        await SaveAsync(await App.EmployeeAsync(), "3", "0.50");
        Assert.Equal((3, 15.00m), (await App.Database.QueryAsync<(int, decimal)>(
            "SELECT quantity, unit_price FROM sales_order_lines WHERE id = @lineId", new { lineId }))[0]);

        await SaveAsync(await App.AdminAsync(), "3", "0.50");
        Assert.Equal(0.50m, await App.Database.ScalarAsync<decimal>("SELECT unit_price FROM sales_order_lines WHERE id = @lineId", new { lineId }));
    }
}
