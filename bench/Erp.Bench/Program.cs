using System.Diagnostics;
using Dapper;
using Erp.Bench;
using Erp.Data.Audit;
using Erp.Data.Orders;
using Erp.Data.Paging;
using Erp.Web.Paging;
using MySqlConnector;

if (args.Length > 1 && args[1] == "jobs")
{
    return await JobsBench.RunAsync(args[0]); // bash scripts/bench.sh jobs
}
if (args.Length > 1 && args[1] == "jobs-worker")
{
    return await JobsBench.WorkerProcessAsync(Environment.GetEnvironmentVariable("ERP_BENCH_CONNECTION")!); // the kill drill's worker processes
}
if (args.Length > 1 && args[1] == "export")
{
    return await ExportBench.RunAsync(args[0]); // bash scripts/bench.sh export
}
if (args.Length > 1 && args[1] == "cache")
{
    return await CacheBench.RunAsync(args[0]); // scripts/bench-cache.sh
}
if (args.Length > 1 && args[1] == "edge")
{
    return await EdgeBench.RunAsync(args[0]); // scripts/bench.sh edge
}
if (args.Length > 1 && args[1] == "audit")
{
    return await AuditBench.RunAsync(args[0]); // bash scripts/bench.sh audit
}
if (args.Length > 1 && args[1] == "api")
{
    return await ApiBench.RunAsync(args[0]); // bash scripts/bench.sh api
}

// List benchmark (docs/benchmarks.md): first page vs a page ~900,000 rows deep reached by a
// cursor vs LIMIT/OFFSET at the same depth, for each orders sort, as SQL and as HTTP fragments.
var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Erp")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Erp (scripts/bench.sh does).");
var repoRoot = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
var iterations = int.Parse(Environment.GetEnvironmentVariable("ERP_BENCH_ITERATIONS") ?? "200");
var offsetIterations = int.Parse(Environment.GetEnvironmentVariable("ERP_BENCH_OFFSET_ITERATIONS") ?? iterations.ToString());
const int Limit = 50;
const string SigningKey = "benchmark-signing-key-0123456789abcdef";

await using var dataSource = new MySqlDataSource(connectionString);
await using var connection = await dataSource.OpenConnectionAsync();
var orders = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sales_orders");
var depth = orders * 9 / 10;
Console.WriteLine($"{orders:N0} orders; deep page at depth {depth:N0}; {iterations} interleaved runs per measurement");

var codec = new CursorCodec(SigningKey);
var results = new List<(string Sort, Stats First, Stats Deep, Stats Offset, Stats HttpFirst, Stats HttpDeep)>();
// The cache is off: a cached first page would compare memory with the database, not a shallow page with a deep one.
await using var app = await AppProcess.StartAsync(Path.Combine(repoRoot, "src/Erp.Web/bin/Release/net10.0"), SigningKey,
    Environment.GetEnvironmentVariable("Seed__EmployeePassword") ?? "Employee-demo-2026", new Dictionary<string, string> { ["Cache__Enabled"] = "false" });

foreach (var (name, sort, key) in new[] { ("date", OrderSort.Date, "order_date"), ("total", OrderSort.Total, "total") })
{
    var deepRow = await connection.QuerySingleAsync<(object Key, long Id)>(
        $"SELECT {key} AS `Key`, id FROM sales_orders ORDER BY {key} DESC, id DESC LIMIT 1 OFFSET {depth}");
    var position = new KeysetPosition(deepRow.Key, deepRow.Id);
    var first = OrderListStore.PageCommand(new OrderListQuery(sort, null, null, null, null, Limit));
    var deep = OrderListStore.PageCommand(new OrderListQuery(sort, null, null, null, null, Limit, position));
    var offsetSql = first.Sql.Replace("LIMIT @take", $"LIMIT {Limit} OFFSET {depth + 1}");
    // The orders page's scope with no filters (ListRequests.OrdersAsync): status, the customer filter's key, the days.
    var cursor = codec.Encode(new CursorScope("orders", sort.ToString(), "status=;customer=;customer_code=;from=;to="), position);
    var firstUrl = $"/orders?sort={name}";
    var deepUrl = $"/orders?sort={name}&cursor={cursor}";

    await MeasureAsync(name, app.Client, "orders", first, deep, offsetSql, firstUrl, deepUrl);
}

// /admin/audit (docs/adr/0017-audit-reading.md): newest first, the first page vs a page ~900,000 entries down (90 % of a
// smaller log), as SQL and as the admin's htmx fragment. The demo seed writes ~4.9M audit rows at 1M orders.
{
    // Signed in first: the sign-in is itself an audit row (a newest one), which would shift the OFFSET page by one.
    using var admin = await app.SignInAsync("admin@erp.local", Environment.GetEnvironmentVariable("Seed__AdminPassword") ?? "Admin-demo-2026");
    var auditRows = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log");
    var auditDepth = Math.Min(900_000, auditRows * 9 / 10);
    var deepRow = await connection.QuerySingleAsync<(DateTime Key, long Id)>(
        $"SELECT occurred_at AS `Key`, id FROM audit_log FORCE INDEX (ix_audit_log_time) ORDER BY occurred_at DESC, id DESC LIMIT 1 OFFSET {auditDepth}");
    var position = new KeysetPosition(deepRow.Key, deepRow.Id);
    var first = AuditReadStore.PageCommand(new AuditListQuery(null, null, null, null, null, null, Limit));
    var deep = AuditReadStore.PageCommand(new AuditListQuery(null, null, null, null, null, null, Limit, position));
    var offsetSql = first.Sql.Replace("LIMIT @take", $"LIMIT {Limit} OFFSET {auditDepth + 1}");
    var cursor = codec.Encode(Erp.Web.Pages.Admin.Audit.AuditListRequest.Scope(null, null, null, null, null, null), position);
    var firstUrl = "/admin/audit";
    var deepUrl = $"/admin/audit?cursor={cursor}";
    await MeasureAsync($"/admin/audit, ~{auditDepth:N0} of {auditRows:N0} entries deep", admin, "audit", first, deep, offsetSql, firstUrl, deepUrl);
}

await BenchReport.WriteAsync(Path.Combine(repoRoot, "docs/benchmarks.md"), repoRoot, orders, depth, iterations, offsetIterations, results);
Console.WriteLine("Wrote docs/benchmarks.md");
return 0;

// Warm-up, and proof that both ways reach the same rows: the cursor row sits at index `depth`, so the keyset page equals
// LIMIT 50 OFFSET depth + 1. Then `iterations` interleaved runs of each: SQL first, SQL deep, OFFSET, HTTP first, HTTP deep.
async Task<(string, Stats, Stats, Stats, Stats, Stats)> MeasureAsync(string name, HttpClient client, string entity,
    (string Sql, DynamicParameters Args) first, (string Sql, DynamicParameters Args) deep, string offsetSql, string firstUrl, string deepUrl)
{
    var deepIds = (await connection.QueryAsync<long>(deep.Sql, deep.Args)).Take(Limit).ToList();
    var offsetIds = (await connection.QueryAsync<long>(offsetSql, first.Args)).ToList();
    if (!deepIds.SequenceEqual(offsetIds))
    {
        throw new InvalidOperationException($"{name}: the keyset page and the OFFSET page differ.");
    }
    await Http(client, firstUrl, entity);
    await Http(client, deepUrl, entity);

    var samples = new Dictionary<string, List<double>> { ["first"] = [], ["deep"] = [], ["offset"] = [], ["httpFirst"] = [], ["httpDeep"] = [] };
    for (var i = 0; i < iterations; i++)
    {
        samples["first"].Add(await Time(() => connection.QueryAsync(first.Sql, first.Args)));
        samples["deep"].Add(await Time(() => connection.QueryAsync(deep.Sql, deep.Args)));
        if (i < offsetIterations)
        {
            samples["offset"].Add(await Time(() => connection.QueryAsync(offsetSql, first.Args)));
        }
        samples["httpFirst"].Add(await Time(() => Http(client, firstUrl, entity)));
        samples["httpDeep"].Add(await Time(() => Http(client, deepUrl, entity)));
    }
    var row = (name, Stats.Of("first", samples["first"]), Stats.Of("deep", samples["deep"]), Stats.Of("offset", samples["offset"]),
        Stats.Of("httpFirst", samples["httpFirst"]), Stats.Of("httpDeep", samples["httpDeep"]));
    results.Add(row);
    Console.WriteLine($"  {name}: SQL first {row.Item2.MedianMs:F2} ms, deep {row.Item3.MedianMs:F2} ms, offset {row.Item4.MedianMs:F1} ms; " +
                      $"HTTP first {row.Item5.MedianMs:F2} ms, deep {row.Item6.MedianMs:F2} ms (p95 {row.Item6.P95Ms:F2})");
    return row;
}

static async Task<double> Time(Func<Task> action)
{
    var clock = Stopwatch.StartNew();
    await action();
    return clock.Elapsed.TotalMilliseconds;
}

static async Task Http(HttpClient client, string url, string entity = "orders")
{
    using var request = new HttpRequestMessage(HttpMethod.Get, url);
    request.Headers.Add("HX-Request", "true");
    using var response = await client.SendAsync(request);
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode || !body.Contains($"data-testid=\"{entity}-row\""))
    {
        throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
    }
}
