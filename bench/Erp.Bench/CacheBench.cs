using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using MySqlConnector;

namespace Erp.Bench;

/// <summary>
/// The cache benchmark (docs/benchmarks.md, "Cache"): closed-loop HTTP load at 64 connections against
/// the same seed with the cache on and off side by side, plus the bare-Kestrel yardstick, then the
/// Redis drill (Redis stopped at 1/5 of the run, started again at 3/5).
/// </summary>
public static class CacheBench
{
    private const string SigningKey = HttpLoadSettings.SigningKey;

    public static async Task<int> RunAsync(string repoRoot)
    {
        var (connectionString, seconds, warmUp, connections, password, webBin) = HttpLoadSettings.FromEnvironment(repoRoot);
        var drill = HttpLoadSettings.Duration("ERP_BENCH_DRILL_SECONDS", 25);

        long orders;
        long[] customerIds;
        await using (var connection = new MySqlConnection(connectionString))
        {
            orders = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sales_orders");
            customerIds = [.. await connection.QueryAsync<long>("SELECT id FROM customers ORDER BY id LIMIT 100")];
        }
        Console.WriteLine($"{orders:N0} orders; {connections} connections, {warmUp.TotalSeconds:F0} s warm-up + {seconds.TotalSeconds:F0} s per case");

        await using var redis = new RedisProcess();
        await redis.StartAsync();
        var common = new Dictionary<string, string>
        {
            ["Diagnostics__DbCommandsHeader"] = "true",
            ["Cache__KeyPrefix"] = $"bench-{Guid.NewGuid():N}:",
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
        };
        await using var cached = await AppProcess.StartAsync(webBin, SigningKey, password, common);
        await using var uncached = await AppProcess.StartAsync(webBin, SigningKey, password,
            new Dictionary<string, string>(common) { ["Cache__Enabled"] = "false" });
        await using var yardstick = await Yardstick.StartAsync();
        using var bare = new HttpClient { BaseAddress = yardstick.Address };

        var cases = new (string Name, string Path, bool Htmx, bool Rotate)[]
        {
            ("orders first page (htmx fragment)", "/orders", true, false),
            ("customer page (100 customers in turn)", "/customers/", false, true),
            ("dashboard figures (htmx fragment)", "/?handler=Figures", true, false),
        };
        var rows = new List<(string Case, LoadResult On, LoadResult Off)>();
        foreach (var (name, path, htmx, rotate) in cases)
        {
            HttpRequestMessage Request(long i)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, rotate ? path + customerIds[i % customerIds.Length] : path);
                if (htmx)
                {
                    request.Headers.Add("HX-Request", "true");
                }
                return request;
            }
            var on = await LoadGenerator.RunAsync($"{name}, cache on", cached.Client, Request, connections, warmUp, seconds);
            var off = await LoadGenerator.RunAsync($"{name}, cache off", uncached.Client, Request, connections, warmUp, seconds);
            rows.Add((name, on, off));
        }
        var plain = await LoadGenerator.RunAsync("bare Kestrel, 13-byte text", bare, _ => new HttpRequestMessage(HttpMethod.Get, "/plain"), connections, warmUp, seconds);
        var html50 = await LoadGenerator.RunAsync("bare Kestrel, prebuilt 50-row HTML", bare, _ => new HttpRequestMessage(HttpMethod.Get, "/html50"), connections, warmUp, seconds);

        // The drill: the orders fragment and customer pages in turn, Redis stopped at 1/5 and started at 3/5 of the run.
        var stopAt = (int)(drill.TotalSeconds / 5);
        var startAt = (int)(drill.TotalSeconds * 3 / 5);
        HttpRequestMessage Mixed(long i)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, i % 2 == 0 ? "/orders" : "/customers/" + customerIds[i % customerIds.Length]);
            request.Headers.Add("HX-Request", "true");
            return request;
        }
        await LoadGenerator.RunAsync("drill warm-up", cached.Client, Mixed, connections, TimeSpan.Zero, warmUp);
        var drillResult = await LoadGenerator.RunAsync($"drill: Redis stopped at {stopAt} s, started at {startAt} s", cached.Client, Mixed, connections,
            TimeSpan.Zero, drill, async second =>
            {
                if (second == stopAt)
                {
                    await redis.StopAsync();
                }
                else if (second == startAt)
                {
                    await redis.StartAsync();
                }
            });

        await WriteReportAsync(Path.Combine(repoRoot, "docs/benchmarks.md"), repoRoot, orders, connections, warmUp, seconds, rows, plain, html50,
            drillResult, stopAt, startAt);
        Console.WriteLine("Wrote docs/benchmarks.md (cache section)");
        return 0;
    }

    private static async Task WriteReportAsync(string path, string repoRoot, long orders, int connections, TimeSpan warmUp, TimeSpan seconds,
        List<(string Case, LoadResult On, LoadResult Off)> rows, LoadResult plain, LoadResult html50, LoadResult drill, int stopAt, int startAt)
    {
        const string Begin = "<!-- cache:begin -->";
        const string End = "<!-- cache:end -->";
        var c = CultureInfo.InvariantCulture;
        string Row(string name, LoadResult r) => string.Create(c,
            $"| {name} | {r.RequestsPerSecond:N0} | {r.Percentile(0.5):F2} | {r.Percentile(0.95):F2} | {r.Percentile(0.99):F2} | {r.Errors} | {r.DbCommandsPerRequest:F3} |");
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine(c, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, commit `{Git(repoRoot)}`, with");
        text.AppendLine(c, $"`bash scripts/bench-cache.sh` against {orders:N0} orders: {connections} connections, closed loop (the generator runs");
        text.AppendLine(c, $"in the bench process on the same cores), {warmUp.TotalSeconds:F0} s warm-up then {seconds.TotalSeconds:F0} s per case. Latencies in ms;");
        text.AppendLine("db/req = database commands per request from X-Db-Commands. Cache on = FusionCache L1 + Redis L2 + backplane (defaults).");
        text.AppendLine();
        text.AppendLine("| case | req/s | p50 | p95 | p99 | errors | db/req |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, on, off) in rows)
        {
            text.AppendLine(Row(name + ", **cache on**", on));
            text.AppendLine(Row(name + ", cache off", off));
        }
        text.AppendLine(Row("bare Kestrel, 13-byte text", plain));
        text.AppendLine(Row("bare Kestrel, prebuilt 50-row HTML", html50));
        text.AppendLine();
        foreach (var (name, on, off) in rows)
        {
            var cachedReads = on.Samples.Count(s => !s.Failed);
            var touching = on.Samples.Count(s => s.DbCommands > 0);
            text.AppendLine(string.Create(c,
                $"- {name}: cache on is **{on.RequestsPerSecond / off.RequestsPerSecond:F1}x** cache off; {100.0 * touching / Math.Max(1, cachedReads):F2}% of cached reads touched MariaDB; " +
                $"{100 * on.RequestsPerSecond / plain.RequestsPerSecond:F1}% of the bare-Kestrel ceiling."));
        }
        text.AppendLine();
        text.AppendLine(c, $"Drill ({drill.Seconds:F0} s, orders fragment and customer pages in turn, Redis killed at {stopAt} s and started again at {startAt} s):");
        text.AppendLine();
        text.AppendLine("| window | req/s | p50 | p99 | max | errors |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var (label, from, to) in new[] { ("Redis up", 0.0, (double)stopAt), ("**Redis down**", stopAt, startAt), ("Redis back", startAt, drill.Seconds) })
        {
            bool In(Sample s) => s.EndSeconds >= from && s.EndSeconds < to;
            var window = drill.Samples.Where(In).ToList();
            var max = window.Count == 0 ? 0 : window.Max(s => s.LatencyMs);
            text.AppendLine(string.Create(c,
                $"| {label} ({from:F0}-{to:F0} s) | {window.Count / Math.Max(0.001, to - from):N0} | {drill.Percentile(0.5, In):F2} | {drill.Percentile(0.99, In):F2} | {max:F1} | {window.Count(s => s.Failed)} |"));
        }
        text.AppendLine();
        text.AppendLine("Targets (issue 9): ≤ 2% of cached reads touch MariaDB; cached fragment ≥ 4x uncached (goal 10,000 req/s, a fifth of the");
        text.AppendLine("bare-Kestrel ceiling); Redis down: 0 errors, p99 under 150 ms.");
        text.Append(End);

        var existing = await File.ReadAllTextAsync(path);
        var start = existing.IndexOf(Begin, StringComparison.Ordinal);
        var stop = existing.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || stop < start)
        {
            existing = existing.TrimEnd() + "\n\n## Cache: FusionCache on and off\n\n" + Begin + "\n" + End + "\n";
            start = existing.IndexOf(Begin, StringComparison.Ordinal);
            stop = existing.IndexOf(End, StringComparison.Ordinal);
        }
        await File.WriteAllTextAsync(path, existing[..start] + text + existing[(stop + End.Length)..]);
    }

    private static string Git(string repoRoot)
    {
        using var git = Process.Start(new ProcessStartInfo("git", $"-C \"{repoRoot}\" rev-parse --short HEAD") { RedirectStandardOutput = true })!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output;
    }
}
