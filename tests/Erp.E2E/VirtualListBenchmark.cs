using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Erp.Tests.Support;
using Erp.Web.Paging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erp.E2E;

/// <summary>
/// The front-end benchmark of ADR 0014 (run by <c>bash scripts/bench.sh virtual</c>, excluded from the
/// test suite by its category): scrolls /orders to 1,000 and 10,000 rows with the virtualized window and
/// with the window off (<c>Lists:Window=0</c>: every row stays, plain infinite scroll), in the same run and
/// browser, and writes p95 frame interval (requestAnimationFrame), long tasks over 50 ms, DOM nodes and
/// JS heap (CDP Performance.getMetrics) into its section of docs/benchmarks.md.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Benchmark")]
public sealed partial class VirtualListBenchmark(BrowserFixture browser) : BrowserTest
{
    protected override BrowserFixture Fixture => browser;

    private const string Begin = "<!-- virtual:begin -->";
    private const string End = "<!-- virtual:end -->";
    private static readonly int[] Depths = [1_000, 10_000];

    public sealed class Segment
    {
        [JsonPropertyName("p95")] public double P95 { get; set; }
        [JsonPropertyName("frames")] public int Frames { get; set; }
        [JsonPropertyName("longTasks")] public int LongTasks { get; set; }
        [JsonPropertyName("rows")] public int Rows { get; set; }
    }

    /// <summary>Scrolls (90 % of the viewport per step, waiting for loads) until row <c>until</c> is on screen, recording frame intervals and long tasks.</summary>
    private const string Scroll = """
        async ({ untilId }) => {
          const table = document.querySelector('table[data-keyset-list]');
          const frame = () => new Promise(resolve => requestAnimationFrame(t => resolve(t)));
          window.__longTasks = window.__longTasks || 0;
          if (!window.__observer) {
            window.__observer = new PerformanceObserver(list => { window.__longTasks += list.getEntries().length; });
            window.__observer.observe({ type: 'longtask' });
          }
          const tasksBefore = window.__longTasks;
          const intervals = [];
          let last = await frame();
          const tick = async () => { const t = await frame(); intervals.push(t - last); last = t; };
          for (let guard = 0; guard < 20000; guard++) {
            const target = document.querySelector('tr[data-id="' + untilId + '"]');
            if (target && target.getBoundingClientRect().top < innerHeight) break;
            window.scrollBy(0, Math.round(innerHeight * 0.9));
            await tick(); await tick();
            for (let n = 0; n < 900 && table.getAttribute('aria-busy') === 'true'; n++) await tick();
          }
          intervals.sort((a, b) => a - b);
          return { p95: intervals[Math.floor(intervals.length * 0.95)] || 0, frames: intervals.length,
                   longTasks: window.__longTasks - tasksBefore, rows: table.querySelectorAll('tr[data-id]').length };
        }
        """;

    /// <summary>Busy time and layout work of the page's main thread in a segment: CDP Performance.getMetrics deltas.</summary>
    private sealed record Work(double Layouts, double LayoutMs, double TaskMs);

    private sealed record Sample(string Mode, int Depth, Segment Segment, Work Work, double Nodes, double HeapMb);

    private static async Task<Dictionary<string, double>> MetricsAsync(ICDPSession cdp) =>
        (await cdp.SendAsync("Performance.getMetrics"))!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + " (1 / 5 / 15 min)" : "unknown";

    [Fact]
    public async Task Virtualized_and_plain_scroll_measured_to_10000_rows()
    {
        var load = LoadAverage();
        var app = await browser.DeepAppAsync();
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var expected = await app.Database.QueryAsync<long>("SELECT id FROM sales_orders ORDER BY order_date DESC, id DESC LIMIT 10001");
        var samples = new List<Sample>();
        string? screenshot = null;
        foreach (var (mode, window) in new[] { ("virtualized (window 300)", KeysetTableTagHelper.DefaultWindow), ("plain infinite scroll", 0) })
        {
            configuration[KeysetTableTagHelper.WindowKey] = window.ToString(CultureInfo.InvariantCulture);
            var (page, errors) = await browser.NewPageAsync(app.ServerAddress);
            await browser.SignInAsync(page, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
            await Expect(page).ToHaveURLAsync(new Regex("/$"));
            await page.GotoAsync("/orders");
            await Expect(page.GetByTestId("orders-row").First).ToBeVisibleAsync();
            var cdp = await page.Context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Performance.enable");
            foreach (var depth in Depths)
            {
                var before = await MetricsAsync(cdp);
                var segment = await page.EvaluateAsync<Segment>(Scroll, new { untilId = expected[depth] });
                var after = await MetricsAsync(cdp);
                var work = new Work(after["LayoutCount"] - before["LayoutCount"], (after["LayoutDuration"] - before["LayoutDuration"]) * 1000,
                    (after["TaskDuration"] - before["TaskDuration"]) * 1000);
                await cdp.SendAsync("HeapProfiler.collectGarbage");
                var metrics = await MetricsAsync(cdp);
                samples.Add(new Sample(mode, depth, segment, work, metrics["Nodes"], metrics["JSHeapUsedSize"] / 1024 / 1024));
            }
            if (window > 0)
            {
                screenshot = Path.Combine(BrowserFixture.ArtifactsDir, "virtual-orders-row-10000.png");
                await page.ScreenshotAsync(new() { Path = screenshot, Caret = ScreenshotCaret.Initial });
            }
            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }
        configuration[KeysetTableTagHelper.WindowKey] = null;

        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, headless Debian Chromium ({browser.Browser.Version}), viewport 1280×720, {BrowserFixture.DeepOrders:N0} orders, `/orders` newest first, {Environment.ProcessorCount} cores shared with the app and MariaDB. Each segment scrolls 90 % of the viewport per step and waits for its loads; frame intervals are requestAnimationFrame deltas inside the segment; layouts, layout time and main-thread busy time (all tasks) are CDP `Performance.getMetrics` deltas over the segment (wall-clock, so they include waiting for a core); DOM nodes and JS heap (after a forced GC) at the segment's end. Load average at the start: {load}.");
        text.AppendLine();
        text.AppendLine("| mode | rows scrolled | rows in the page | p95 frame interval | frames | long tasks > 50 ms | layouts | layout time | main thread busy | DOM nodes | JS heap |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in samples)
        {
            var from = s.Depth == Depths[0] ? "0" : Depths[0].ToString("N0", CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Mode} | {from} → {s.Depth:N0} | {s.Segment.Rows:N0} | {s.Segment.P95:0.0} ms | {s.Segment.Frames:N0} | {s.Segment.LongTasks} | {s.Work.Layouts:N0} | {s.Work.LayoutMs:N0} ms | {s.Work.TaskMs:N0} ms | {s.Nodes:N0} | {s.HeapMb:0.0} MB |");
        }
        text.AppendLine();
        text.AppendLine("Deep-scrolled table (virtualized, row 10,000): `artifacts/screenshots/virtual-orders-row-10000.png` (not committed; written by the run).");
        text.AppendLine(End);
        await File.WriteAllTextAsync(Path.Combine(RepoPaths.Root, "artifacts", "virtual-bench.md"), text.ToString());

        var docs = Path.Combine(RepoPaths.Root, "docs", "benchmarks.md");
        var current = await File.ReadAllTextAsync(docs);
        var start = current.IndexOf(Begin, StringComparison.Ordinal);
        var end = current.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/benchmarks.md has no virtual section markers");
        await File.WriteAllTextAsync(docs, current[..start] + text.ToString().TrimEnd('\n') + current[(end + End.Length)..]);
        Assert.NotNull(screenshot);
    }
}
