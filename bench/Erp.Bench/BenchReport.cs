using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Erp.Bench;

/// <summary>Rewrites the lists section of docs/benchmarks.md between its markers.</summary>
public static class BenchReport
{
    private const string Begin = "<!-- lists:begin -->";
    private const string End = "<!-- lists:end -->";

    public static async Task WriteAsync(string path, string repoRoot, long orders, long depth, int iterations, int offsetIterations,
        IReadOnlyList<(string Sort, Stats First, Stats Deep, Stats Offset, Stats HttpFirst, Stats HttpDeep)> results)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine(c, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Machine()}, commit `{Git(repoRoot, "rev-parse --short HEAD")}`,");
        text.AppendLine(c, $"with `bash scripts/bench.sh` against the demo seed ({orders:N0} orders). Deep = a page ~{depth:N0} rows down,");
        text.AppendLine(c, $"reached by a signed cursor; OFFSET = `LIMIT 50 OFFSET {depth + 1:N0}` on the same index (same rows, checked).");
        text.AppendLine(c, $"{iterations} interleaved runs per keyset/HTTP measurement, {offsetIterations} for OFFSET; times in ms.");
        text.AppendLine();
        text.AppendLine("| sort | SQL first (median / p95) | SQL deep (median / p95) | deep / first | OFFSET (median / p95) | OFFSET / deep | HTTP fragment first (median / p95) | HTTP fragment deep (median / p95) | HTTP deep / first |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (sort, first, deep, offset, httpFirst, httpDeep) in results)
        {
            text.AppendLine(c, $"| {sort} | {first.MedianMs:F2} / {first.P95Ms:F2} | {deep.MedianMs:F2} / {deep.P95Ms:F2} | " +
                               $"**{deep.MedianMs / first.MedianMs:F2}** | {offset.MedianMs:F1} / {offset.P95Ms:F1} | {offset.MedianMs / deep.MedianMs:F0}x | " +
                               $"{httpFirst.MedianMs:F2} / {httpFirst.P95Ms:F2} | {httpDeep.MedianMs:F2} / **{httpDeep.P95Ms:F2}** | " +
                               $"**{httpDeep.MedianMs / httpFirst.MedianMs:F2}** |");
        }
        text.AppendLine();
        text.AppendLine("Targets (issue: lists at scale): median deep/first ≤ 1.2 for every sort and for /admin/audit; HTTP fragment p95 under 100 ms.");
        text.Append(End);

        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n\n## Lists: keyset vs OFFSET\n\n" + Begin + "\n" + End + "\n";
        var start = existing.IndexOf(Begin, StringComparison.Ordinal);
        var stop = existing.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || stop < start)
        {
            throw new InvalidOperationException($"{path} lacks the {Begin} / {End} markers.");
        }
        await File.WriteAllTextAsync(path, existing[..start] + text + existing[(stop + End.Length)..]);
    }

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory:F0} GiB, {Environment.OSVersion}, .NET {Environment.Version}";
    }

    private static string Git(string repoRoot, string args)
    {
        using var git = Process.Start(new ProcessStartInfo("git", $"-C \"{repoRoot}\" {args}") { RedirectStandardOutput = true })!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output;
    }
}
