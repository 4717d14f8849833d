using System.Net;
using System.Text.Json;
using Erp.Data.Audit;
using Erp.Data.Customers;
using Erp.Data.Products;
using Erp.Data.Users;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Integration.Security;
using Erp.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Audit;

/// <summary>
/// "Revert this change" over HTTP (ADR 0018): exactly the previous values or a 409 naming what moved on, a deleted
/// customer recreated with its id, the revert audited as 'revert' pointing at the original, documents and secrets
/// refused, admins only, and the cache showing the reverted value at once.
/// </summary>
[Collection(AuditCollection.Name)]
public sealed class RevertTests(AuditAppFixture fixture)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private ErpApp App => fixture.App;
    private T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    private static CustomerInput Input(string name, string? phone = "+49 30 1111", decimal credit = 500m) =>
        new("R" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), name, "buyer@example.test", phone, "DE", credit);

    private sealed record Row(string Code, string Name, string? Email, string? Phone, string? Country, decimal CreditLimit, int Version);

    private async Task<Row?> RowAsync(long id) => (await App.Database.QueryAsync<Row>("""
        SELECT code, name, email, phone, country, credit_limit AS CreditLimit, version FROM customers WHERE id = @id
        """, new { id })).SingleOrDefault();

    private Task<long> EntryAsync(string entity, long id, string action) => App.Database.ScalarAsync<long>(
        "SELECT MAX(id) FROM audit_log WHERE entity = @entity AND entity_id = @id AND action = @action", new { entity, id, action });

    private async Task<Customer> CustomerAsync(string name = "Before GmbH") => (await Get<CustomerStore>().CreateAsync(Input(name), None)).Row!;

    private async Task<Customer> UpdateAsync(Customer c, string name, string? phone = "+49 30 1111", decimal credit = 500m) =>
        (await Get<CustomerStore>().UpdateAsync(c.Id, c.Version, Input(name, phone, credit) with { Code = c.Code }, None)).Row!;

    private static Task<HttpResponseMessage> RevertAsync(HttpClient client, long entry, bool htmx = true) =>
        client.PostFormAsync($"/admin/audit/{entry}/revert", new Dictionary<string, string>(), htmx);

    private static async Task<AngleSharp.Dom.IElement> AnswerAsync(HttpResponseMessage response) =>
        (await response.DocumentAsync()).ByTestId("revert-result")!;

    [Fact]
    public async Task Revert_restores_exactly_the_previous_values_and_bumps_the_version()
    {
        var created = await CustomerAsync("Before GmbH");
        var updated = await UpdateAsync(created, "After GmbH", phone: "+49 30 2222", credit: 750m);
        var before = await RowAsync(created.Id);

        var response = await RevertAsync(await App.AdminAsync(), await EntryAsync("customer", created.Id, "update"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("status", (await AnswerAsync(response)).GetAttribute("role"));
        var after = await RowAsync(created.Id);
        Assert.Equal(before! with { Name = "Before GmbH", Phone = "+49 30 1111", CreditLimit = 500m, Version = updated.Version + 1 }, after);
    }

    [Fact]
    public async Task Revert_answers_409_naming_the_column_that_changed_since_and_changes_nothing()
    {
        var created = await CustomerAsync("First name");
        var first = await UpdateAsync(created, "Second name");
        var entry = await EntryAsync("customer", created.Id, "update");
        await UpdateAsync(first, "Third name");

        var response = await RevertAsync(await App.AdminAsync(), entry);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var answer = await AnswerAsync(response);
        Assert.Equal("alert", answer.GetAttribute("role"));
        var conflict = Assert.Single(answer.AllByTestId("revert-conflict"));
        Assert.Equal("name", conflict.GetAttribute("data-column"));
        Assert.Contains("Third name", conflict.TextContent);
        Assert.Equal("Third name", (await RowAsync(created.Id))!.Name);
    }

    [Fact]
    public async Task A_second_revert_of_the_same_entry_answers_409_because_the_row_moved_on()
    {
        var created = await CustomerAsync("Once");
        await UpdateAsync(created, "Twice");
        var entry = await EntryAsync("customer", created.Id, "update");
        var admin = await App.AdminAsync();

        var first = await RevertAsync(admin, entry);
        var second = await RevertAsync(admin, entry);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (first.StatusCode, second.StatusCode));
        Assert.Equal("Once", (await RowAsync(created.Id))!.Name);
    }

    [Fact]
    public async Task The_revert_is_audited_as_revert_by_the_admin_pointing_at_the_original_entry()
    {
        var created = await CustomerAsync("Original");
        await UpdateAsync(created, "Edited");
        var entry = await EntryAsync("customer", created.Id, "update");

        await RevertAsync(await App.AdminAsync(), entry);

        var (actor, changes) = (await App.Database.QueryAsync<(string, string)>(
            "SELECT actor_name, changes FROM audit_log WHERE entity = 'customer' AND entity_id = @Id AND action = 'revert'", created)).Single();
        var json = JsonDocument.Parse(changes).RootElement;
        Assert.Equal(entry, json.GetProperty(AuditTriggers.RevertOfKey).GetInt64());
        Assert.Equal(("Edited", "Original"), (json.GetProperty("name").GetProperty("before").GetString(), json.GetProperty("name").GetProperty("after").GetString()));
        Assert.Equal("Demo Admin", actor);
        Assert.Equal(0, await App.Database.ScalarAsync<int>( // the revert wrote no plain 'update' row
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'customer' AND entity_id = @Id AND action = 'update' AND id > @entry", new { created.Id, entry }));
    }

    [Fact]
    public async Task Reverting_a_deletion_recreates_the_customer_with_its_id_and_values()
    {
        var created = await CustomerAsync("Deleted AG");
        var stored = await RowAsync(created.Id);
        await App.Database.ExecuteAsync("DELETE FROM customers WHERE id = @Id", created); // from a SQL console: the app deletes no customer

        var response = await RevertAsync(await App.AdminAsync(), await EntryAsync("customer", created.Id, "delete"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stored! with { Version = stored.Version + 1 }, await RowAsync(created.Id));
        Assert.Equal(1, await App.Database.ScalarAsync<int>(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'customer' AND entity_id = @Id AND action = 'revert'", created));
    }

    [Fact]
    public async Task Recreating_a_customer_whose_code_was_taken_meanwhile_answers_409_naming_the_holder()
    {
        var created = await CustomerAsync("Gone Ltd");
        await App.Database.ExecuteAsync("DELETE FROM customers WHERE id = @Id", created);
        var taker = (await Get<CustomerStore>().CreateAsync(Input("Taker Ltd") with { Code = created.Code }, None)).Row!;

        var response = await RevertAsync(await App.AdminAsync(), await EntryAsync("customer", created.Id, "delete"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains($"customer #{taker.Id}", (await AnswerAsync(response)).TextContent);
        Assert.Null(await RowAsync(created.Id));
    }

    [Fact]
    public async Task A_product_revert_restores_its_descriptive_fields_and_leaves_the_unit_price()
    {
        var store = Get<ProductStore>();
        var created = (await store.CreateAsync(new ProductInput("RV-" + Guid.NewGuid().ToString("N")[..8], "Old widget", 10m, 3), 5, None)).Row!;
        await store.UpdateAsync(created.Id, created.Version, new ProductInput(created.Sku, "New widget", 12m, 7), None);

        var response = await RevertAsync(await App.AdminAsync(), await EntryAsync("product", created.Id, "update"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (name, price, reorder) = (await App.Database.QueryAsync<(string, decimal, int)>(
            "SELECT name, unit_price, reorder_level FROM products WHERE id = @Id", created)).Single();
        Assert.Equal(("Old widget", 12m, 3), (name, price, reorder));
    }

    [Fact]
    public async Task Reverting_a_products_deletion_recreates_it_whole_and_with_nothing_on_hand_when_no_movement_is_left()
    {
        var sku = "RD-" + Guid.NewGuid().ToString("N")[..8];
        var created = (await Get<ProductStore>().CreateAsync(new ProductInput(sku, "Deleted widget", 19.90m, 4), 0, None)).Row!;
        // Movements point at every product (its opening one at least): a console deletes those first.
                await App.Database.ExecuteAsync("DELETE FROM stock_movements WHERE product_id = @Id", created);
        await App.Database.ExecuteAsync("DELETE FROM products WHERE id = @Id", created);

        var response = await RevertAsync(await App.AdminAsync(), await EntryAsync("product", created.Id, "delete"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = (await App.Database.QueryAsync<(string, string, decimal, int, int, int)>(
            "SELECT sku, name, unit_price, reorder_level, on_hand, reserved FROM products WHERE id = @Id", created)).Single();
        Assert.Equal((sku, "Deleted widget", 19.90m, 4, 0, 0), row); // no movement left: nothing on hand
    }

    [Fact]
    public async Task A_role_change_is_reverted_and_ends_the_users_sessions_but_a_password_reset_is_refused_as_secret()
    {
        var hasher = Get<IPasswordHasher<UserRecord>>();
        var users = Get<UserStore>();
        var user = (await users.CreateAsync(new NewUser($"revert-{Guid.NewGuid():N}@erp.local", "Role User", Roles.Employee, hasher.HashPassword(null!, "x")), None)).Row!;
        var admin = await App.AdminAsync();
        var adminId = await App.Database.ScalarAsync<long>("SELECT id FROM users WHERE email = @email", new { email = Erp.Data.Seeding.DemoUsers.AdminEmail });
        await users.ChangeRoleAsync(adminId, user.Id, Roles.Admin, None);
        var stamp = await App.Database.ScalarAsync<string>("SELECT security_stamp FROM users WHERE id = @Id", user);
        await users.ResetPasswordAsync(user.Id, "new-hash", None);
        var reset = await EntryAsync("user", user.Id, "update");

        var role = await RevertAsync(admin, await App.Database.ScalarAsync<long>(
            "SELECT MIN(id) FROM audit_log WHERE entity = 'user' AND entity_id = @Id AND action = 'update'", user));
        var secret = await RevertAsync(admin, reset);

        Assert.Equal(HttpStatusCode.OK, role.StatusCode);
        Assert.Equal(Roles.Employee, await App.Database.ScalarAsync<string>("SELECT role FROM users WHERE id = @Id", user));
        Assert.NotEqual(stamp, await App.Database.ScalarAsync<string>("SELECT security_stamp FROM users WHERE id = @Id", user));
        // Readers filtering by role_changed see the revert's change too (the first is ChangeRoleAsync's own).
        var roleEvents = await App.Database.QueryAsync<string>(
            "SELECT changes FROM audit_log WHERE entity = 'user' AND entity_id = @Id AND action = 'role_changed' ORDER BY id", user);
        Assert.Equal(2, roleEvents.Count());
        Assert.Contains("\"after\": \"employee\"", roleEvents.Last().Replace("\":\"", "\": \""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, secret.StatusCode);
        Assert.Equal(Revertibility.SecretMessage, (await AnswerAsync(secret)).ReadText());
    }

    [Fact]
    public async Task Document_entries_offer_no_revert_button_and_a_forged_post_is_refused_with_the_workflow_message()
    {
        var data = new OrderTestData(App);
        var (customer, _, _) = await data.CustomerAsync();
        var (product, _) = await data.ProductAsync(10m, 5);
        var order = await data.DraftAsync(customer, (product, 1, null));
        await data.ConfirmAsync(order);
        var entry = await EntryAsync("order", order, "update");
        var admin = await App.AdminAsync();
        var customerEntry = await EntryAsync("customer", customer, "insert");

        var page = await admin.GetHtmlAsync($"/admin/audit/{entry}/revert");
        var forged = await RevertAsync(admin, entry);

        Assert.Null(page.Button("Revert this change"));
        Assert.NotNull(page.ByTestId("audit-changes"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        Assert.Equal(Revertibility.DocumentMessage, (await AnswerAsync(forged)).ReadText());
        Assert.Equal("confirmed", await data.StatusAsync(order));
        Assert.Null((await admin.GetHtmlAsync($"/admin/audit/{customerEntry}/revert")).Button("Revert this change")); // an insert: no button either
    }

    [Fact]
    public async Task The_audit_list_offers_Revert_this_change_in_a_master_data_update_s_diff_and_not_in_a_document_s()
    {
        var created = await CustomerAsync("Listed before");
        await UpdateAsync(created, "Listed after");
        var data = new OrderTestData(App);
        var (product, _) = await data.ProductAsync(10m, 5);
        var order = await data.DraftAsync(created.Id, (product, 1, null));
        await data.ConfirmAsync(order);
        var admin = await App.AdminAsync();

        async Task<AngleSharp.Dom.IDocument> DiffAsync(long entry) =>
            await (await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/admin/audit?handler=Changes&open=true&id={entry}")
            {
                Headers = { { "HX-Request", "true" } }, // the row's "Show changes"
            })).DocumentAsync();
        var customerDiff = await DiffAsync(await EntryAsync("customer", created.Id, "update"));
        var orderDiff = await DiffAsync(await EntryAsync("order", order, "update"));

        Assert.NotNull(customerDiff.Button("Revert this change"));
        Assert.Null(orderDiff.Button("Revert this change"));
        Assert.NotNull(orderDiff.ByTestId("audit-changes"));
    }

    [Fact]
    public async Task An_employee_gets_403_on_the_revert_and_the_entry_page_and_nothing_changes()
    {
        var created = await CustomerAsync("Employee tried");
        await UpdateAsync(created, "Employee edit");
        var entry = await EntryAsync("customer", created.Id, "update");
        var employee = await App.EmployeeAsync();

        var post = await RevertAsync(employee, entry, htmx: false);
        var get = await employee.GetAsync($"/admin/audit/{entry}/revert");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (post.StatusCode, get.StatusCode));
        Assert.Equal("Employee edit", (await RowAsync(created.Id))!.Name);
    }

    [Fact]
    public async Task The_customer_page_shows_the_reverted_name_at_once_although_it_was_cached()
    {
        var created = await CustomerAsync("Cached original");
        await UpdateAsync(created, "Cached edit");
        var admin = await App.AdminAsync();
        Assert.Equal("Cached edit", (await admin.GetHtmlAsync($"/customers/{created.Id}")).Definition("Name")); // now in the cache

        var response = await RevertAsync(admin, await EntryAsync("customer", created.Id, "update"), htmx: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Cached original", (await admin.GetHtmlAsync($"/customers/{created.Id}")).Definition("Name"));
    }
}
