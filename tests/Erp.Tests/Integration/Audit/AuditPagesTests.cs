using System.Net;
using Dapper;
using Erp.Data.Audit;
using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Data.Seeding;
using Erp.Tests.Integration.Security;
using Erp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Audit;

/// <summary>
/// /admin/audit and the History sections (docs/adr/0017-audit-reading.md): who may read them, the list's filters and
/// its 400s, a row's diff, each record type's history, and personal values masked for employees.
/// </summary>
public sealed class AuditPagesTests(AuditPagesFixture fixture) : IClassFixture<AuditPagesFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private ErpApp App => fixture.App;

    private async Task<Customer> EditedCustomerAsync(string email, string phone)
    {
        var store = App.Services.GetRequiredService<CustomerStore>();
        var code = "H" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        using var scope = WriteContextScope.Begin(new WriteContext(1, "History Tester", "198.51.100.4", null));
        var created = (await store.CreateAsync(new CustomerInput(code, "Before Name", "first." + email, null, null, 100m), None)).Row!;
        await store.UpdateAsync(created.Id, created.Version, new CustomerInput(code, "After Name", email, phone, null, 100m), None);
        return (await store.GetAsync(created.Id, None))!;
    }

    [Fact]
    public async Task An_employee_gets_403_on_the_audit_list_and_on_a_rows_changes()
    {
        var employee = await App.EmployeeAsync();
        var id = await App.Database.ScalarAsync<long>("SELECT MAX(id) FROM audit_log");

        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync("/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetHtmxAsync($"/admin/audit?handler=Changes&id={id}&open=true")).StatusCode);
    }

    [Theory]
    [InlineData("entity=spaceship")]
    [InlineData("action=explode")]
    [InlineData("actor=bob")]
    [InlineData("entity=customer&entity_id=abc")]
    [InlineData("entity_id=5")]
    [InlineData("from=2026-13-01")]
    [InlineData("from=2026-02-01&to=2026-01-01")]
    [InlineData("cursor=garbage")]
    public async Task An_unknown_filter_value_is_a_400_with_a_message(string query)
    {
        var admin = await App.AdminAsync();

        var response = await admin.GetAsync("/admin/audit?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var alert = (await response.DocumentAsync()).ByTestId("audit-table")!.QuerySelector("[role=alert]");
        Assert.False(string.IsNullOrWhiteSpace(alert?.TextContent));
    }

    [Theory]
    [InlineData("entity=export&entity_id=3")] // an export_run row links here (AuditLinks)
    [InlineData("entity=audit_log&entity_id=3")] // and so does a chain_verified row
    public async Task The_entities_of_business_events_are_filters_their_rows_link_to(string query)
    {
        var admin = await App.AdminAsync();

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/audit?" + query)).StatusCode);
    }

    [Fact]
    public async Task Filtering_by_entity_and_id_lists_that_records_entries_newest_first_and_a_row_opens_its_diff()
    {
        var customer = await EditedCustomerAsync("filter@example.com", "+49 30 1111");
        var admin = await App.AdminAsync();

        var page = await admin.GetHtmlAsync($"/admin/audit?entity=customer&entity_id={customer.Id}");
        var ids = page.RowIds("audit");
        var expected = (await App.Database.QueryAsync<long>(
            "SELECT id FROM audit_log WHERE entity = 'customer' AND entity_id = @Id ORDER BY occurred_at DESC, id DESC", customer)).ToList();
        Assert.Equal(expected, ids);
        Assert.Equal(2, ids.Count);
        var toggle = page.Rows("audit")[0].ByRole("button", "Show changes")!;
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));

        var opened = await (await admin.GetHtmxAsync(toggle.GetAttribute("hx-get")!)).DocumentAsync();

        Assert.Equal("true", opened.ByRole("button", "Hide changes")!.GetAttribute("aria-expanded"));
        var table = opened.ByTestId("audit-changes")!;
        Assert.Contains($"customer {customer.Id}", table.QuerySelector("caption")!.TextContent);
        var email = table.QuerySelector("[data-column=email]")!;
        Assert.Equal("first.filter@example.com", email.ByTestId("audit-before")!.TextContent.Trim());
        Assert.Equal("filter@example.com", email.ByTestId("audit-after")!.TextContent.Trim());
        Assert.Equal("After Name", table.QuerySelector("[data-column=name]")!.ByTestId("audit-after")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_filters_actor_action_and_days_narrow_the_list()
    {
        var customer = await EditedCustomerAsync("narrow@example.com", "+49 30 2222");
        var admin = await App.AdminAsync();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var updates = await admin.GetHtmlAsync($"/admin/audit?actor=1&entity=customer&action=update&from={today}&to={today}");
        var none = await admin.GetHtmlAsync($"/admin/audit?entity=customer&entity_id={customer.Id}&to=2000-01-01");

        var expected = await App.Database.QueryAsync<long>("""
            SELECT id FROM audit_log WHERE actor_id = 1 AND entity = 'customer' AND action = 'update' ORDER BY occurred_at DESC, id DESC LIMIT 50
            """);
        Assert.Equal(expected, updates.RowIds("audit"));
        Assert.Contains(updates.Rows("audit"), r => r.TextContent.Contains(customer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(none.RowIds("audit"));
    }

    [Fact]
    public async Task Scrolling_the_list_by_its_next_cursors_reaches_every_entry_once_newest_first()
    {
        var admin = await App.AdminAsync();

        var rows = await Erp.Tests.Integration.Exports.CsvExportTests.WalkRowsAsync(admin, "/admin/audit?entity=order&limit=37", "audit");

        var expected = await App.Database.QueryAsync<long>("SELECT id FROM audit_log WHERE entity = 'order' ORDER BY occurred_at DESC, id DESC");
        Assert.True(rows.Count > 37 * 3, "the walk spans several pages");
        Assert.Equal(expected, rows.Select(r => long.Parse(r.GetAttribute("data-id")!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task An_employee_sees_a_customers_history_with_personal_values_masked_and_an_admin_sees_them()
    {
        var customer = await EditedCustomerAsync("private.person@example.com", "+49 30 987654");
        var employee = await App.EmployeeAsync();
        var admin = await App.AdminAsync();

        var employeeHtml = await (await employee.GetHtmxAsync($"/customers/{customer.Id}?handler=History")).Content.ReadAsStringAsync();
        var adminHtml = await (await admin.GetHtmxAsync($"/customers/{customer.Id}?handler=History")).Content.ReadAsStringAsync();

        var employeeText = Html.Parse(employeeHtml).Body!.TextContent;
        var adminText = Html.Parse(adminHtml).Body!.TextContent;
        Assert.Equal(2, Html.Parse(employeeHtml).AllByTestId("history-row").Count());
        foreach (var secret in new[] { "private.person", "987654" }) // the markup and its decoded text, in any encoding
        {
            Assert.DoesNotContain(secret, employeeHtml, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, employeeText, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains(AuditPersonalData.Mask, employeeText);
        Assert.Contains("After Name", employeeText);
        Assert.Contains("private.person@example.com", adminText);
        Assert.Contains("+49 30 987654", adminText);
    }

    [Fact]
    public async Task History_times_are_shown_in_the_company_time_zone()
    {
        var customer = await EditedCustomerAsync("zone@example.com", "+49 30 5555");
        await using var berlin = App.StartSecondHost(b => b.UseSetting("Company:TimeZone", "Europe/Berlin"));
        var admin = await berlin.AdminAsync();

        var history = Html.Parse(await (await admin.GetHtmxAsync($"/customers/{customer.Id}?handler=History")).Content.ReadAsStringAsync());

        var newest = history.AllByTestId("history-row").First();
        var occurred = await App.Database.ScalarAsync<DateTime>("SELECT occurred_at FROM audit_log WHERE id = @id",
            new { id = long.Parse(newest.GetAttribute("data-id")!, System.Globalization.CultureInfo.InvariantCulture) });
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(occurred, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Equal(local.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), newest.QuerySelector("time")!.TextContent.Trim());
        Assert.Contains("Time (Europe/Berlin)", history.QuerySelectorAll("th").Select(th => th.TextContent.Trim()));
    }

    [Fact]
    public async Task The_customer_page_loads_its_history_lazily_from_a_section_headed_History()
    {
        var customer = await EditedCustomerAsync("lazy@example.com", "+49 30 3333");
        var employee = await App.EmployeeAsync();

        var page = await employee.GetHtmlAsync($"/customers/{customer.Id}");

        var heading = page.ByRole("heading", "History")!;
        var loader = heading.ParentElement!.QuerySelector("[hx-get]")!;
        Assert.Equal("revealed", loader.GetAttribute("hx-trigger"));
        var section = Html.Parse(await (await employee.GetHtmxAsync(loader.GetAttribute("hx-get")!)).Content.ReadAsStringAsync());
        Assert.Equal(2, section.AllByTestId("history-row").Count());
    }

    [Theory]
    [InlineData("customer", "customers", "customers")]
    [InlineData("product", "products", "products")]
    [InlineData("order", "orders", "sales_orders")]
    [InlineData("invoice", "invoices", "invoices")]
    public async Task Each_record_types_history_shows_that_records_changes_and_not_anothers(string entity, string path, string table)
    {
        var ids = (await App.Database.QueryAsync<long>($"SELECT id FROM {table} ORDER BY id LIMIT 2")).ToList();
        var admin = await App.AdminAsync();

        var rows = Html.Parse(await (await admin.GetHtmxAsync($"/{path}/{ids[0]}?handler=History")).Content.ReadAsStringAsync())
            .AllByTestId("history-row").Select(r => long.Parse(r.GetAttribute("data-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var lineEntity = AuditReadStore.LineEntityOf(entity);
        var parent = entity == "order" ? "order_id" : "invoice_id";
        var expected = (await App.Database.QueryAsync<long>($"""
            SELECT id FROM audit_log
            WHERE (entity = @entity AND entity_id = @id)
               OR (entity = @lineEntity AND entity_id IN (SELECT entity_id FROM audit_log
                   WHERE entity = @lineEntity AND JSON_VALUE(changes, '$.{parent}.after') = @id))
            ORDER BY occurred_at DESC, id DESC LIMIT {Erp.Web.Audit.RecordHistory.PageSize}
            """, new { entity, id = ids[0], lineEntity })).ToList();
        Assert.NotEmpty(rows);
        Assert.Equal(expected, rows);
        var others = await App.Database.QueryAsync<long>("SELECT id FROM audit_log WHERE entity = @entity AND entity_id = @id", new { entity, id = ids[1] });
        Assert.Empty(rows.Intersect(others));
        if (lineEntity is not null)
        {
            var lineRows = await App.Database.ScalarAsync<long>(
                $"SELECT COUNT(*) FROM audit_log WHERE entity = @lineEntity AND id IN ({string.Join(",", rows)})", new { lineEntity });
            Assert.True(lineRows > 0, $"the {entity}'s history shows its lines");
        }
    }

    [Fact]
    public async Task An_order_line_change_appears_in_its_orders_history()
    {
        var order = await App.Database.ScalarAsync<long>("SELECT MIN(order_id) FROM sales_order_lines");
        var line = await App.Database.ScalarAsync<long>("SELECT MIN(id) FROM sales_order_lines WHERE order_id = @order", new { order });
        await App.Services.GetRequiredService<Db>().WriteAsync(async uow =>
        {
            await uow.ExecuteAsync("UPDATE sales_order_lines SET quantity = quantity + 1 WHERE id = @line", new { line }, None);
            uow.Changed(Entities.OrderLine, line);
        }, None);
        var admin = await App.AdminAsync();

        var history = Html.Parse(await (await admin.GetHtmxAsync($"/orders/{order}?handler=History")).Content.ReadAsStringAsync());

        var newest = history.AllByTestId("history-row").First();
        Assert.Contains($"order line {line}", newest.TextContent);
        Assert.Contains("quantity", newest.TextContent);
    }

    [Fact]
    public async Task History_shows_the_newest_entries_first_and_pages_older_ones_with_show_older()
    {
        var customer = await EditedCustomerAsync("older@example.com", "+49 30 4444");
        var store = App.Services.GetRequiredService<CustomerStore>();
        for (var i = 0; i < Erp.Web.Audit.RecordHistory.PageSize + 3; i++)
        {
            var current = (await store.GetAsync(customer.Id, None))!;
            await store.UpdateAsync(current.Id, current.Version, new CustomerInput(current.Code, $"Name {i}", current.Email, current.Phone, null, 100m), None);
        }
        var all = (await App.Database.QueryAsync<long>(
            "SELECT id FROM audit_log WHERE entity = 'customer' AND entity_id = @Id ORDER BY occurred_at DESC, id DESC", customer)).ToList();
        var admin = await App.AdminAsync();

        var first = Html.Parse(await (await admin.GetHtmxAsync($"/customers/{customer.Id}?handler=History")).Content.ReadAsStringAsync());
        var older = first.ByRole("link", "Show older")!;
        var second = Html.ParseFragment(await (await admin.GetHtmxAsync(older.GetAttribute("hx-get")!)).Content.ReadAsStringAsync());

        var shown = first.AllByTestId("history-row").Concat(second.AllByTestId("history-row"))
            .Select(r => long.Parse(r.GetAttribute("data-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Erp.Web.Audit.RecordHistory.PageSize, first.AllByTestId("history-row").Count());
        Assert.Equal(all, shown);
        Assert.Null(second.ByRole("link", "Show older"));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetHtmxAsync($"/customers/{customer.Id}?handler=History&older=forged")).StatusCode);
    }
}

/// <summary>A seeded app (orders with lines, invoices) for the audit pages.</summary>
public sealed class AuditPagesFixture : IAsyncLifetime
{
    public ErpApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await ErpApp.StartAsync(seedOrders: 200);

    public async Task DisposeAsync() => await App.DisposeAsync();
}
