using CsvHelper;
using Dapper;
using Erp.Data.Customers;
using Erp.Data.Exports;
using Erp.Data.Infrastructure;
using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Data.Products;
using Erp.Data.Rules;
using Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Exports;

/// <summary>
/// The CSV of a list holds exactly the rows its pages show, in their order, read in keyset batches; cells a
/// spreadsheet would run as formulas are neutralised; amounts and times follow the stated formats.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CsvExportTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;
    private T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    private static async Task<(byte[] Bytes, long Rows)> ExportAsync(IListExport export, int batchSize)
    {
        using var file = new MemoryStream();
        var rows = await CsvListWriter.WriteAsync(export, file, null, CancellationToken.None, batchSize);
        return (file.ToArray(), rows);
    }

    private static List<string[]> ReadCsv(byte[] bytes)
    {
        using var reader = CsvReader.Create(bytes, new CsvReaderOptions { HasHeader = false });
        var records = new List<string[]>();
        while (reader.Read())
        {
            var record = new string[reader.FieldCount];
            for (var i = 0; i < record.Length; i++)
                record[i] = reader[i].ToString();
            records.Add(record);
        }
        return records;
    }

    /// <summary>The first cell's text of every row of the list, walked page by page as a browser scrolls.</summary>
    private async Task<List<string>> WalkListAsync(string url, string entity) =>
        [.. (await WalkRowsAsync(await App.SignInAsync(), url, entity)).Select(r => r.Cells()[0])];

    /// <summary>Every row of a list from <paramref name="url"/> on, following each page's data-next as the list script does.</summary>
    internal static async Task<List<AngleSharp.Dom.IElement>> WalkRowsAsync(HttpClient client, string url, string entity)
    {
        var all = new List<AngleSharp.Dom.IElement>();
        for (string? next = url; next is not null;)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Add("HX-Request", "true");
            var rows = Html.ParseFragment(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
            all.AddRange(rows.Rows(entity));
            next = rows.QuerySelector("tr[data-next]")?.GetAttribute("data-next");
        }
        return all;
    }

    public static TheoryData<string> Lists => ["orders-total-invoiced", "orders-date", "customers-code", "products-name", "invoices-paid"];

    private (IListExport Export, string Url, string Entity, Func<string, string> PageCell) Case(string name) => name switch
    {
        "orders-total-invoiced" => (ListExports.Orders(Get<OrderListStore>(),
            new OrderListQuery(OrderSort.Total, OrderStatus.Invoiced, null, null, null, 0), Get<CompanyTime>()),
            "/orders?sort=total&status=invoiced", "orders", cell => cell.TrimStart('#')),
        "orders-date" => (ListExports.Orders(Get<OrderListStore>(), new OrderListQuery(OrderSort.Date, null, null, null, null, 0), Get<CompanyTime>()),
            "/orders", "orders", cell => cell.TrimStart('#')),
        "customers-code" => (ListExports.Customers(Get<CustomerListStore>(), new CustomerListQuery(CustomerSort.Code, null, 0)),
            "/customers?sort=code", "customers", cell => cell),
        "products-name" => (ListExports.Products(Get<ProductListStore>(), new ProductListQuery(ProductSort.Name, null, 0)),
            "/products", "products", cell => cell),
        "invoices-paid" => (ListExports.Invoices(Get<InvoiceListStore>(), new InvoiceListQuery(InvoiceStatus.Paid, null, 0), Get<CompanyTime>()),
            "/invoices?status=paid", "invoices", cell => cell),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task The_file_holds_the_rows_the_list_shows_in_the_same_order(string list)
    {
        var (export, url, entity, pageCell) = Case(list);
        var shown = (await WalkListAsync(url, entity)).Select(pageCell).ToList();

        // A batch size that does not divide the row count, so batch boundaries fall mid-list.
        var (bytes, rows) = await ExportAsync(export, batchSize: 7);
        var records = ReadCsv(bytes);

        Assert.True(shown.Count > 7, $"the list {url} should span several batches");
        Assert.Equal(export.Headers, records[0]);
        Assert.Equal(shown, records.Skip(1).Select(r => r[0]).ToList());
        Assert.Equal(shown.Count, rows);
    }

    [Fact]
    public async Task Amounts_are_invariant_decimals_and_times_carry_the_company_zone_in_the_header()
    {
        var time = Get<CompanyTime>();
        var export = ListExports.Orders(Get<OrderListStore>(), new OrderListQuery(OrderSort.Date, null, null, null, null, 0), time);
        var first = (await Get<OrderListStore>().ReadPageAsync(new OrderListQuery(OrderSort.Date, null, null, null, null, 1), CancellationToken.None)).Rows[0];

        var records = ReadCsv((await ExportAsync(export, 50)).Bytes);

        Assert.Equal($"Date ({time.ZoneId})", records[0][1]);
        Assert.Equal(first.Total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), records[1][4]);
        Assert.DoesNotContain(",", records[1][4]);
        Assert.Equal(time.ToLocal(first.OrderDate).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), records[1][1]);
    }

    [Fact]
    public async Task Cells_a_spreadsheet_would_run_as_formulas_are_neutralised_and_the_file_is_RFC_4180()
    {
        var store = Get<CustomerStore>();
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        string[] hostile = ["=HYPERLINK(\"http://evil\")", "+SUM(A1:A9)", "-2+3", "@cmd", "Comma, \"quoted\" name", "tab", "return"];
        for (var i = 0; i < hostile.Length; i++)
        {
            var saved = await store.CreateAsync(new CustomerInput($"FX{tag}{i}", hostile[i], null, null, null, 0m), CancellationToken.None);
            Assert.Equal(SaveStatus.Saved, saved.Status);
        }
        // Tab and carriage return cannot be typed into the form; a SQL console can still put them there.
        await using (var connection = await Get<Db>().OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE customers SET name = @name WHERE code = @code", new { name = "\tTabbed", code = $"FX{tag}5" });
            await connection.ExecuteAsync("UPDATE customers SET name = @name WHERE code = @code", new { name = "\rReturn", code = $"FX{tag}6" });
        }

        var export = ListExports.Customers(Get<CustomerListStore>(), new CustomerListQuery(CustomerSort.Code, $"FX{tag}", 0));
        var (bytes, _) = await ExportAsync(export, 2);
        var names = ReadCsv(bytes).Skip(1).Select(r => r[1]).ToList();

        Assert.Equal(["'=HYPERLINK(\"http://evil\")", "'+SUM(A1:A9)", "'-2+3", "'@cmd", "Comma, \"quoted\" name", "'\tTabbed", "'\rReturn"], names);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("\uFEFFCode,Name,Email,Country,Credit limit\r\n", text);
    }
}
