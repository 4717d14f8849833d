using System.Net;
using Erp.Data.Rules;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Erp.Tests.Integration;

/// <summary>Company:TimeZone decides what a day is, which year an invoice belongs to and how times are shown (ADR 0008).</summary>
public sealed class CompanyTimeZoneTests
{
    private static Task<ErpApp> StartAsync(string zone, TimeProvider? time = null) =>
        ErpApp.StartAsync(seedOrders: 0, configure: builder =>
        {
            builder.UseSetting(CompanyTime.ConfigKey, zone);
            if (time is not null)
            {
                builder.ConfigureTestServices(services => services.AddSingleton(time));
            }
        });

    [Fact]
    public async Task An_invoice_made_just_after_local_midnight_on_1_January_belongs_to_the_new_year()
    {
        // 00:05 on 1 January 2027 in Auckland (UTC+13) is still 31 December 2026 in UTC.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 11, 5, 0, TimeSpan.Zero));
        await using var app = await StartAsync("Pacific/Auckland", clock);
        var data = new OrderTestData(app);
        var customer = await data.CustomerAsync();
        var product = await data.ProductAsync(10m, 5);
        var orderId = await data.ShippedAsync(customer.Id, product.Id, 1, 10m);

        var invoiceId = OrderTestData.Ok(await data.InvoiceAsync(orderId)).Id;

        var stored = (await app.Database.QueryAsync<(string No, DateTime Date, DateTime Due)>(
            "SELECT invoice_no, invoice_date, due_date FROM invoices WHERE id = @invoiceId", new { invoiceId })).Single();
        Assert.Equal(("INV-2027-000001", new DateTime(2026, 12, 31, 11, 5, 0), new DateTime(2027, 1, 31)), stored);
        var client = await app.SignInAsync();
        var page = Html.Parse(await client.GetStringAsync($"/invoices/{invoiceId}"));
        Assert.Equal("2027-01-01 (Pacific/Auckland)", page.Definition("Invoice date"));
        Assert.Equal("2027-01-31", page.Definition("Due date"));
        var list = Html.Parse(await client.GetStringAsync($"/invoices?customer_code={customer.Code}"));
        Assert.Equal("Date (Pacific/Auckland)", list.Headers("invoices")[1]);
        Assert.Equal(["INV-2027-000001", "2027-01-01"], list.Rows("invoices").Single().Cells().Take(2));
    }

    [Fact]
    public async Task From_and_to_are_company_days_so_an_order_at_23_30_local_on_the_to_day_is_included()
    {
        await using var app = await StartAsync("America/New_York"); // UTC-4 in March 2026 (from the 8th)
        var data = new OrderTestData(app);
        var customer = await data.CustomerAsync();
        async Task<long> OrderAtAsync(DateTime utc)
        {
            var id = await data.DraftAsync(customer.Id);
            await app.Database.ExecuteAsync("UPDATE sales_orders SET order_date = @utc WHERE id = @id", new { utc, id });
            return id;
        }
        await OrderAtAsync(new DateTime(2026, 3, 9, 3, 30, 0));                // 8 March 23:30 local: the day before
        var early = await OrderAtAsync(new DateTime(2026, 3, 9, 4, 10, 0));    // 9 March 00:10 local
        var late = await OrderAtAsync(new DateTime(2026, 3, 11, 3, 30, 0));    // 10 March 23:30 local
        await OrderAtAsync(new DateTime(2026, 3, 11, 4, 30, 0));               // 11 March 00:30 local: the day after
        var client = await app.SignInAsync();

        var list = Html.Parse(await client.GetStringAsync($"/orders?customer_code={customer.Code}&from=2026-03-09&to=2026-03-10"));

        var rows = list.Rows("orders");
        Assert.Equal([late, early], rows.Select(r => long.Parse(r.GetAttribute("data-id")!)));
        Assert.Equal("Date (America/New_York)", list.Headers("orders")[1]);
        var hint = list.GetElementById(list.Labelled("To")!.GetAttribute("aria-describedby")!)!;
        Assert.Equal("Days in America/New_York", hint.TextContent.Trim());
        Assert.Equal("2026-03-10 23:30", rows[0].Cells()[1]);
        Assert.Equal("2026-03-11T03:30:00.000000Z", rows[0].QuerySelector("time")!.GetAttribute("datetime"));
        var order = Html.Parse(await client.GetStringAsync($"/orders/{late}"));
        Assert.Equal("2026-03-10 23:30 (America/New_York)", order.Definition("Date"));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    [InlineData("Pacific/Auckland")]
    public async Task The_first_and_last_calendar_days_are_valid_filters_not_errors(string zone)
    {
        await using var app = await StartAsync(zone);
        var data = new OrderTestData(app);
        var customer = await data.CustomerAsync();
        var id = await data.DraftAsync(customer.Id);
        var client = await app.SignInAsync();

        foreach (var range in new[] { "to=9999-12-31", "from=0001-01-01", "from=0001-01-01&to=9999-12-31", "from=9999-12-31", "to=0001-01-01" })
        {
            var response = await client.GetAsync($"/orders?customer_code={customer.Code}&{range}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{range} answered {(int)response.StatusCode}");
            var ids = Html.Parse(await response.Content.ReadAsStringAsync()).Rows("orders").Select(r => long.Parse(r.GetAttribute("data-id")!));
            Assert.Equal(range.StartsWith("from=9999") || range == "to=0001-01-01" ? [] : [id], ids);
        }
    }

    [Fact]
    public async Task An_unknown_time_zone_stops_start_up_with_a_message_naming_the_setting()
    {
        var error = await Record.ExceptionAsync(() => StartAsync("Mars/Olympus_Mons"));

        Assert.NotNull(error);
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }
        Assert.Contains(messages, m => m.StartsWith("Company:TimeZone 'Mars/Olympus_Mons' is not a time zone this machine knows."));
    }
}
