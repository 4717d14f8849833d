using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using MySqlConnector;

namespace Erp.Bench;

/// <summary>
/// The edge benchmark (docs/benchmarks.md, "Edge"): the orders fragment with the security headers and
/// the rate limiter on (limits of the "Load" profile, so the limiter runs but refuses nothing) and off,
/// in one run, alternating on/off twice so that drift hits both alike.
/// </summary>
public static class EdgeBench
{
    private const string SigningKey = HttpLoadSettings.SigningKey;

    public static async Task<int> RunAsync(string repoRoot)
    {
        var (connectionString, seconds, warmUp, connections, password, webBin) = HttpLoadSettings.FromEnvironment(repoRoot);
        long orders;
        await using (var connection = new MySqlConnection(connectionString))
        {
            orders = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sales_orders");
        }

        var common = new Dictionary<string, string> { ["Cache__KeyPrefix"] = $"bench-{Guid.NewGuid():N}:" };
        await using var on = await AppProcess.StartAsync(webBin, SigningKey, password, common);
        await using var off = await AppProcess.StartAsync(webBin, SigningKey, password, new Dictionary<string, string>(common)
        {
            ["RateLimits__Enabled"] = "false",
            ["SecurityHeaders__Enabled"] = "false",
        });
        // Both apps answer as configured: the CSP is there with the edge on, absent with it off.
        if (!(await on.Client.GetAsync("/orders")).Headers.Contains("Content-Security-Policy")
            || (await off.Client.GetAsync("/orders")).Headers.Contains("Content-Security-Policy"))
        {
            throw new InvalidOperationException("The edge settings did not take effect.");
        }

        static HttpRequestMessage Fragment(long _)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
            request.Headers.Add("HX-Request", "true");
            return request;
        }
        var runs = new List<(bool On, LoadResult Result)>();
        // Rounds alternate which app goes first (on/off, off/on, ...), so a machine that warms up or gets busier during
        // the run does not always favour the same side; ERP_BENCH_EDGE_ROUNDS sets how many (default 4).
        var rounds = int.Parse(Environment.GetEnvironmentVariable("ERP_BENCH_EDGE_ROUNDS") ?? "4", System.Globalization.CultureInfo.InvariantCulture);
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var edgeOn in round % 2 == 1 ? new[] { true, false } : [false, true])
            {
                var (app, label) = edgeOn ? (on, "on") : (off, "off");
                runs.Add((edgeOn, await LoadGenerator.RunAsync($"orders fragment, edge {label} (round {round})", app.Client, Fragment, connections, warmUp, seconds)));
            }
        }

        await WriteReportAsync(Path.Combine(repoRoot, "docs/benchmarks.md"), repoRoot, orders, connections, warmUp, seconds, runs);
        Console.WriteLine("Wrote docs/benchmarks.md (edge section)");
        return 0;
    }

    private static async Task WriteReportAsync(string path, string repoRoot, long orders, int connections, TimeSpan warmUp, TimeSpan seconds,
        List<(bool On, LoadResult Result)> runs)
    {
        const string Begin = "<!-- edge:begin -->";
        const string End = "<!-- edge:end -->";
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine(c, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, commit `{Git(repoRoot)}`, with");
        text.AppendLine(c, $"`bash scripts/bench.sh edge` against {orders:N0} orders: the orders first page as an htmx fragment, signed in as the employee,");
        text.AppendLine(c, $"{connections} connections, closed loop, {warmUp.TotalSeconds:F0} s warm-up then {seconds.TotalSeconds:F0} s per run, on and off alternating twice.");
        text.AppendLine("Edge on = security headers with a fresh CSP nonce per answer + the three-tier rate limiter (limits of the `Load` profile:");
        text.AppendLine("every request passes all three tiers, none is refused); edge off = `SecurityHeaders:Enabled=false`, `RateLimits:Enabled=false`. Latencies in ms.");
        text.AppendLine();
        text.AppendLine("| run | req/s | p50 | p95 | p99 | errors |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var (_, r) in runs)
        {
            text.AppendLine(string.Create(c, $"| {r.Name} | {r.RequestsPerSecond:N0} | {r.Percentile(0.5):F2} | {r.Percentile(0.95):F2} | {r.Percentile(0.99):F2} | {r.Errors} |"));
        }
        var onRate = runs.Where(r => r.On).Average(r => r.Result.RequestsPerSecond);
        var offRate = runs.Where(r => !r.On).Average(r => r.Result.RequestsPerSecond);
        text.AppendLine();
        text.AppendLine(string.Create(c,
            $"Mean of the rounds: edge on **{onRate:N0} req/s**, edge off {offRate:N0} req/s: the edge costs **{100 * (1 - onRate / offRate):F1}%** of the throughput (target: under 10%)."));
        text.Append(End);

        var existing = await File.ReadAllTextAsync(path);
        var start = existing.IndexOf(Begin, StringComparison.Ordinal);
        var stop = existing.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || stop < start)
        {
            existing = existing.TrimEnd() + "\n\n## Edge: security headers and rate limiter on and off\n\n" + Begin + "\n" + End + "\n";
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
