using System.Diagnostics;
using System.Globalization;

namespace Erp.Bench;

/// <summary>One request as the load generator saw it: when it ended (since the run started), how long it took, whether it failed.</summary>
public readonly record struct Sample(double EndSeconds, double LatencyMs, bool Failed, int DbCommands);

/// <summary>What a closed-loop run measured.</summary>
public sealed record LoadResult(string Name, double Seconds, IReadOnlyList<Sample> Samples)
{
    public long Requests => Samples.Count;
    public long Errors => Samples.Count(s => s.Failed);
    public double RequestsPerSecond => Requests / Seconds;
    public double DbCommandsPerRequest => Requests == 0 ? 0 : Samples.Sum(s => (double)s.DbCommands) / Requests;

    public double Percentile(double p, Func<Sample, bool>? where = null)
    {
        var sorted = Samples.Where(where ?? (_ => true)).Select(s => s.LatencyMs).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}

/// <summary>
/// A closed-loop HTTP load: <c>connections</c> workers, each sending its next request as soon as the
/// previous answer is read (like wrk -c). Latency is measured per request; X-Db-Commands is summed.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(string name, HttpClient client, Func<long, HttpRequestMessage> request,
        int connections, TimeSpan warmUp, TimeSpan duration, Func<double, Task>? at = null)
    {
        if (warmUp > TimeSpan.Zero)
        {
            await LoopAsync(client, request, connections, warmUp, null);
        }
        var samples = await LoopAsync(client, request, connections, duration, at);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {samples.RequestsPerSecond,9:N0} req/s  p50 {samples.Percentile(0.5),6:F2} ms  p99 {samples.Percentile(0.99),7:F2} ms  " +
            $"errors {samples.Errors}  db/req {samples.DbCommandsPerRequest:F3}"));
        return samples with { Name = name };
    }

    private static async Task<LoadResult> LoopAsync(HttpClient client, Func<long, HttpRequestMessage> request, int connections,
        TimeSpan duration, Func<double, Task>? at)
    {
        var clock = Stopwatch.StartNew();
        long sequence = 0;
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var samples = new List<Sample>(4096);
            while (clock.Elapsed < duration)
            {
                var start = clock.Elapsed.TotalMilliseconds;
                var failed = false;
                var commands = 0;
                try
                {
                    using var message = request(Interlocked.Increment(ref sequence));
                    using var response = await client.SendAsync(message);
                    await response.Content.LoadIntoBufferAsync();
                    failed = !response.IsSuccessStatusCode;
                    if (response.Headers.TryGetValues("X-Db-Commands", out var values))
                    {
                        commands = int.Parse(values.First(), CultureInfo.InvariantCulture);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    failed = true;
                }
                var end = clock.Elapsed.TotalMilliseconds;
                samples.Add(new Sample(end / 1000, end - start, failed, commands));
            }
            return samples;
        })).ToList();
        var timeline = at is null ? Task.CompletedTask : Task.Run(async () =>
        {
            for (var second = 0; second < (int)duration.TotalSeconds; second++)
            {
                await at(second);
                var next = TimeSpan.FromSeconds(second + 1) - clock.Elapsed;
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next);
                }
            }
        });
        var all = (await Task.WhenAll(workers)).SelectMany(s => s).ToList();
        await timeline;
        return new LoadResult("", clock.Elapsed.TotalSeconds, all);
    }
}
