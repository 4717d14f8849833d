using System.Diagnostics;
using System.Globalization;
using System.Text;
using Erp.Data.Exports;
using Erp.Data.Infrastructure;
using Erp.Data.Orders;
using Erp.Data.Rules;
using MySqlConnector;

namespace Erp.Bench;

/// <summary>
/// CSV export on the demo seed (docs/benchmarks.md, section export): the cancelled orders (~100K rows) and then
/// every order (1M), through the same list query and writer the list-export job uses, into a file; time, rows/s
/// and the process's working set sampled at every batch.
/// </summary>
public static class ExportBench
{
    private const string Begin = "<!-- export:begin -->";
    private const string End = "<!-- export:end -->";

    public static async Task<int> RunAsync(string repoRoot)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Erp")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Erp (scripts/bench.sh does).");
        await using var dataSource = new MySqlDataSource(connectionString);
        var store = new OrderListStore(new Db(dataSource));
        var runs = new List<(string Name, long Rows, TimeSpan Time, long PeakMb, long FileMb)>();
        foreach (var (name, status) in new[] { ("orders, status cancelled", (string?)OrderStatus.Cancelled), ("all orders", null) })
        {
            var export = ListExports.Orders(store, new OrderListQuery(OrderSort.Date, status, null, null, null, 0), CompanyTime.Utc);
            var path = Path.Combine(Path.GetTempPath(), $"erp-export-bench-{Guid.NewGuid():N}.csv");
            var process = Process.GetCurrentProcess();
            long peak = 0;
            var clock = Stopwatch.StartNew();
            long rows;
            await using (var file = File.Create(path))
            {
                rows = await CsvListWriter.WriteAsync(export, file, (_, _) =>
                {
                    process.Refresh();
                    peak = Math.Max(peak, process.WorkingSet64);
                    return Task.CompletedTask;
                }, CancellationToken.None);
            }
            clock.Stop();
            var size = new FileInfo(path).Length;
            File.Delete(path);
            runs.Add((name, rows, clock.Elapsed, peak / 1024 / 1024, size / 1024 / 1024));
            Console.WriteLine($"{name}: {rows:N0} rows in {clock.Elapsed.TotalSeconds:F1} s, peak working set {peak / 1024 / 1024} MB");
        }

        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine(c, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores with `bash scripts/bench.sh export`");
        text.AppendLine(c, $"against the demo seed: the list-export job's query and writer ({CsvListWriter.DefaultBatchSize:N0}-row keyset batches, CsvHelper)");
        text.AppendLine("into a file, in the bench process; working set sampled after every batch.");
        text.AppendLine();
        text.AppendLine("| export | rows | time (s) | rows/s | file (MB) | peak working set (MB) |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var run in runs)
            text.AppendLine(c, $"| {run.Name} | {run.Rows:N0} | {run.Time.TotalSeconds:F1} | {run.Rows / run.Time.TotalSeconds:N0} | {run.FileMb} | {run.PeakMb} |");
        text.AppendLine();
        text.AppendLine(c, $"Working-set growth from the ~100K export to the 1M export: {runs[1].PeakMb - runs[0].PeakMb} MB (target under 50 MB); 1M rows in {runs[1].Time.TotalSeconds:F1} s (target ≤ 30 s).");
        text.Append(End);

        var doc = Path.Combine(repoRoot, "docs", "benchmarks.md");
        var existing = await File.ReadAllTextAsync(doc);
        var start = existing.IndexOf(Begin, StringComparison.Ordinal);
        var stop = existing.IndexOf(End, StringComparison.Ordinal);
        existing = start >= 0 && stop > start
            ? existing[..start] + text + existing[(stop + End.Length)..]
            : existing.TrimEnd() + "\n\n## CSV export\n\n" + text + "\n";
        await File.WriteAllTextAsync(doc, existing);
        return 0;
    }
}
