using System.Text.Json.Serialization;
using Microsoft.Playwright;

namespace Erp.E2E;

/// <summary>What one scroll pass over a keyset list saw (measured inside the page after every step).</summary>
public sealed class ScrollReport
{
    [JsonPropertyName("steps")] public int Steps { get; set; }
    [JsonPropertyName("maxRows")] public int MaxRows { get; set; }
    [JsonPropertyName("maxTr")] public int MaxTr { get; set; }
    [JsonPropertyName("worstMove")] public double WorstMove { get; set; }
    [JsonPropertyName("deepest")] public int Deepest { get; set; }
    [JsonPropertyName("firstVisible")] public int FirstVisible { get; set; }
    [JsonPropertyName("problems")] public string[] Problems { get; set; } = [];

    /// <summary>Frame waits that no requestAnimationFrame answered within 100 ms (the pass went on after a timer).</summary>
    [JsonPropertyName("rafStalls")] public int RafStalls { get; set; }
}

/// <summary>
/// Scrolls a keyset list like a reader (steps of 90 % of the viewport, waiting for the list to settle)
/// and checks after every step, inside the page: the window's rows are a gap-free, duplicate-free slice
/// of <c>expected</c> (the list's ids in order, from the database), and the row that was first visible
/// when the step began has not moved by the loading, pruning and restoring that followed.
/// </summary>
public static class ListScroller
{
    private const string Script = """
        async ({ down, until, expected }) => {
          const table = document.querySelector('table[data-keyset-list]');
          const index = new Map(expected.map((id, i) => [id, i]));
          const report = { steps: 0, maxRows: 0, maxTr: 0, worstMove: 0, deepest: 0, firstVisible: -1, problems: [], rafStalls: 0 };
          window.__erpScrollPass = report; // what a pass that overruns its time had done (ListScroller.RunAsync reads it)
          const deadline = performance.now() + 150000;
          // A frame, or 100 ms when none comes: headless Chromium (Debian's, new headless mode) was seen to stop sending
          // frames to a visible, focused page for good under load, and a pass waiting on a frame hung the test run.
          let late = false;
          const frame = () => new Promise(resolve => {
            let done = false;
            requestAnimationFrame(() => { if (!done) { done = true; late = false; resolve(); } });
            setTimeout(() => { if (!done) { done = true; late = true; report.rafStalls++; resolve(); } }, 100);
          });
          const settle = async () => {
            await frame(); await frame();
            for (let n = 0; n < 900 && table.getAttribute('aria-busy') === 'true'; n++) await frame();
            if (table.getAttribute('aria-busy') === 'true') report.problems.push('a load never finished (still busy after 900 frames) at step ' + report.steps);
            await frame();
          };
          const rows = () => Array.from(table.querySelectorAll('tr[data-id]'));
          const line = () => Math.max(0, table.tHead.getBoundingClientRect().bottom);
          const firstVisible = () => { const l = line(); return rows().find(r => r.getBoundingClientRect().bottom > l); };
          const at = row => row ? (index.has(Number(row.dataset.id)) ? index.get(Number(row.dataset.id)) : -1) : -1;
          const check = () => {
            const ids = rows().map(r => Number(r.dataset.id));
            report.maxRows = Math.max(report.maxRows, ids.length);
            report.maxTr = Math.max(report.maxTr, table.querySelectorAll('tr').length);
            if (new Set(ids).size !== ids.length) report.problems.push('duplicate data-id at step ' + report.steps);
            const start = index.get(ids[0]);
            if (start === undefined) { report.problems.push('unexpected first row ' + ids[0] + ' at step ' + report.steps); return; }
            for (let i = 1; i < ids.length && start + i < expected.length; i++) {
              if (expected[start + i] !== ids[i]) {
                report.problems.push('gap at step ' + report.steps + ': ' + ids[i - 1] + ' then ' + ids[i]);
                break;
              }
            }
            report.deepest = Math.max(report.deepest, at(firstVisible()));
          };
          // A smooth scroll still running (Page Down) would count as a jump: start once the page is still.
          for (let last = -1, n = 0; n < 100 && scrollY !== last; n++) { last = scrollY; await new Promise(r => setTimeout(r, 100)); }
          await settle();
          check();
          const step = Math.round(innerHeight * 0.9) * (down ? 1 : -1);
          // A list that stops moving (a load that failed for good, an end short of `until`) fails the pass with where it
          // stopped, instead of stepping on for minutes.
          for (let guard = 0, still = 0, last = ''; guard < 20000 && report.problems.length < 5; guard++) {
            const first = firstVisible();
            const position = at(first);
            if (down ? position >= until : (scrollY === 0 && position === 0)) break;
            if (performance.now() > deadline) {
              report.problems.push('out of time (150 s) at step ' + report.steps + ': first visible row ' + position + ', scrollY ' + Math.round(scrollY)
                + ', rows ' + rows().length + ', busy ' + table.getAttribute('aria-busy') + ', frames that did not come within 100 ms ' + report.rafStalls);
              break;
            }
            const where = position + '@' + Math.round(scrollY);
            still = where === last ? still + 1 : 0;
            last = where;
            if (still >= 40) {
              report.problems.push('no progress for 40 steps at step ' + report.steps + ': first visible row ' + position + ', scrollY ' + Math.round(scrollY)
                + ', rows ' + rows().length + ', busy ' + table.getAttribute('aria-busy'));
              break;
            }
            window.scrollBy(0, step);
            // Chromium fires scroll events with a frame: without frames the list would never hear of this scroll.
            if (late) window.dispatchEvent(new Event('scroll'));
            const top = first.getBoundingClientRect().top;
            await settle();
            if (!first.isConnected) {
              report.problems.push('the row visible before step ' + report.steps + ' was pruned');
            } else {
              report.worstMove = Math.max(report.worstMove, Math.abs(first.getBoundingClientRect().top - top));
            }
            report.steps++;
            check();
          }
          report.firstVisible = at(firstVisible());
          return report;
        }
        """;

    /// <summary>What the page was doing, read when a pass overruns: a script that runs at once, no frames or awaits.</summary>
    private const string StateScript = """
        () => {
          const table = document.querySelector('table[data-keyset-list]');
          return JSON.stringify({
            pass: window.__erpScrollPass ?? null, scrollY: Math.round(scrollY), rows: table ? table.querySelectorAll('tr[data-id]').length : -1,
            busy: table ? table.getAttribute('aria-busy') : null, visibility: document.visibilityState, focused: document.hasFocus(),
            url: location.href,
          });
        }
        """;

    /// <summary>A pass's time in the page is bounded (150 s); this is the outer bound, should the page stop answering.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(3);

    public static Task<ScrollReport> DownAsync(IPage page, IReadOnlyList<long> expected, int until) =>
        RunAsync(page, new { down = true, until, expected });

    public static Task<ScrollReport> UpAsync(IPage page, IReadOnlyList<long> expected) =>
        RunAsync(page, new { down = false, until = 0, expected });

    /// <summary>
    /// Runs one pass; one that has not ended after <see cref="Budget"/> fails with what the page reports (or that it does
    /// not answer at all) rather than waiting for the test run's hang timeout.
    /// </summary>
    private static async Task<ScrollReport> RunAsync(IPage page, object arguments)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pass = page.EvaluateAsync<ScrollReport>(Script, arguments);
        if (await Task.WhenAny(pass, Task.Delay(Budget)) == pass)
        {
            var report = await pass;
            File.AppendAllText(Path.Combine(BrowserFixture.ArtifactsDir, "scroll-passes.log"),
                $"{DateTime.UtcNow:HH:mm:ss} {page.Url} steps {report.Steps} in {clock.Elapsed.TotalSeconds:0.0} s, frames that did not come {report.RafStalls}, problems {report.Problems.Length}\n");
            return report;
        }
        string state;
        try
        {
            state = await page.EvaluateAsync<string>(StateScript).WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            state = "the page did not answer a second, immediate script within 15 s either: its main thread is blocked or its renderer hung";
        }
        throw new TimeoutException($"A scroll pass did not end within {Budget.TotalMinutes} minutes. The page: {state}");
    }
}
