using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Erp.Data.Paging;
using Erp.Web.Paging;
using MySqlConnector;

namespace Erp.Bench;

/// <summary>
/// The API list benchmark (`bash scripts/bench.sh api`): GET /api/v1/orders first page vs a page ~90% deep reached
/// by a signed cursor, per sort, with a bearer token; rewrites the API section of docs/benchmarks.md.
/// </summary>
public static class ApiBench
{
    private const string Begin = "<!-- api:begin -->";
    private const string End = "<!-- api:end -->";
    private const string SigningKey = "benchmark-signing-key-0123456789abcdef";
    private const int Limit = 50;

    public static async Task<int> RunAsync(string repoRoot)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Erp")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Erp (scripts/bench.sh does).");
        var iterations = int.Parse(Environment.GetEnvironmentVariable("ERP_BENCH_ITERATIONS") ?? "200", CultureInfo.InvariantCulture);
        var employeePassword = Environment.GetEnvironmentVariable("Seed__EmployeePassword") ?? "Employee-demo-2026";
        await using var dataSource = new MySqlDataSource(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        var orders = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sales_orders");
        var depth = orders * 9 / 10;
        Console.WriteLine($"{orders:N0} orders; deep API page at depth {depth:N0}; {iterations} interleaved runs per measurement");

        await using var app = await AppProcess.StartAsync(Path.Combine(repoRoot, "src/Erp.Web/bin/Release/net10.0"), SigningKey, employeePassword,
            new Dictionary<string, string>
            {
                ["Database__MigrateOnStartup"] = Environment.GetEnvironmentVariable("ERP_BENCH_MIGRATE") ?? "true",
                // The first page of a list is cached (ADR 0010) and deep pages are not: off, both pages do the same database work.
                ["Cache__Enabled"] = Environment.GetEnvironmentVariable("ERP_BENCH_CACHE") ?? "false",
            });
        var tokenResponse = await app.Client.PostAsJsonAsync("/api/v1/auth/token", new { email = "employee@erp.local", password = employeePassword });
        tokenResponse.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        using var api = new HttpClient { BaseAddress = app.Client.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var codec = new CursorCodec(SigningKey);
        var results = new List<(string Sort, Stats First, Stats Deep)>();
        foreach (var (name, sort, key) in new[] { ("date", "Date", "order_date"), ("total", "Total", "total") })
        {
            var deepRow = await connection.QuerySingleAsync<(object Key, long Id)>(
                $"SELECT {key} AS `Key`, id FROM sales_orders ORDER BY {key} DESC, id DESC LIMIT 1 OFFSET {depth}");
            var cursor = codec.Encode(new CursorScope("orders", sort, "status=;customer=;customer_code=;from=;to="), new KeysetPosition(deepRow.Key, deepRow.Id));
            var firstUrl = $"/api/v1/orders?sort={name}&limit={Limit}";
            var deepUrl = $"{firstUrl}&cursor={cursor}";
            await GetAsync(api, firstUrl);
            await GetAsync(api, deepUrl);
            List<double> first = [], deep = [];
            for (var i = 0; i < iterations; i++)
            {
                first.Add(await TimeAsync(() => GetAsync(api, firstUrl)));
                deep.Add(await TimeAsync(() => GetAsync(api, deepUrl)));
            }
            var row = (name, Stats.Of("first", first), Stats.Of("deep", deep));
            results.Add(row);
            Console.WriteLine($"  sort={name}: API first {row.Item2.MedianMs:F2} ms, deep {row.Item3.MedianMs:F2} ms (p95 {row.Item3.P95Ms:F2})");
        }
        await WriteAsync(Path.Combine(repoRoot, "docs/benchmarks.md"), orders, depth, iterations, results);
        Console.WriteLine("Wrote the API section of docs/benchmarks.md");
        return 0;
    }

    private static async Task GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task WriteAsync(string path, long orders, long depth, int iterations, IReadOnlyList<(string Sort, Stats First, Stats Deep)> results)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine(c, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `bash scripts/bench.sh api` against the demo seed ({orders:N0} orders):");
        text.AppendLine(c, $"`GET /api/v1/orders?limit={Limit}` with a bearer token, the first page vs a page ~{depth:N0} rows deep reached by a signed");
        text.AppendLine(c, $"cursor, {iterations} interleaved runs each, one client at a time, cache {(Environment.GetEnvironmentVariable("ERP_BENCH_CACHE") ?? "false") switch { "true" => "on (the first page comes from memory)", _ => "off (both pages read the database)" }}; times in ms.");
        text.AppendLine();
        text.AppendLine("| sort | API first (median / p95) | API deep (median / p95) | deep / first |");
        text.AppendLine("|---|---|---|---|");
        foreach (var (sort, first, deep) in results)
        {
            text.AppendLine(c, $"| {sort} | {first.MedianMs:F2} / {first.P95Ms:F2} | {deep.MedianMs:F2} / {deep.P95Ms:F2} | **{deep.MedianMs / first.MedianMs:F2}** |");
        }
        text.AppendLine();
        text.AppendLine("Target (issue 15): median deep/first ≤ 1.2, like the pages.");
        text.Append(End);

        var existing = await File.ReadAllTextAsync(path);
        if (!existing.Contains(Begin, StringComparison.Ordinal))
        {
            existing = existing.TrimEnd() + "\n\n## API lists: first vs deep page\n\n" + Begin + "\n" + End + "\n";
        }
        var start = existing.IndexOf(Begin, StringComparison.Ordinal);
        var stop = existing.IndexOf(End, StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, existing[..start] + text + existing[(stop + End.Length)..]);
    }
}
