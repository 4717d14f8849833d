using System.Diagnostics;
using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Erp.Tests.Integration.Caching;

/// <summary>
/// Redis dies under two hosts and comes back: reads keep answering within the budget, a write shows
/// on its own host at once, /health/ready says Degraded, and cache (L2) and backplane recover by
/// themselves. The memory duration here (1 s) is shorter than the outage, so entries do expire
/// while Redis is away.
/// </summary>
public sealed class RedisOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MemoryDuration = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);
    // What this test must catch is a read that waits on Redis: those take a Redis timeout (1-2 s with our
    // connection string, 5-17 s with the defaults). The 150 ms latency target itself is measured by the cache
    // benchmark's Redis drill (docs/benchmarks.md); a test suite running in parallel on 2 cores cannot hold it.
    private static readonly TimeSpan ReadBudget = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Reads_and_writes_go_on_while_Redis_is_down_and_both_hosts_resync_when_it_returns()
    {
        await using var redis = await PrivateRedis.StartAsync();
        void Settings(IWebHostBuilder b)
        {
            b.UseSetting("ConnectionStrings:Redis", redis.ConnectionString);
            b.UseSetting("Cache:MemoryDuration", MemoryDuration.ToString());
            b.UseSetting("Cache:DistributedCircuitBreakerDuration", "00:00:01");
            b.UseSetting("Cache:BackplaneCircuitBreakerDuration", "00:00:01");
        }
        await using var a = await ErpApp.StartAsync(configure: Settings);
        await using var b = a.StartSecondHost();
        var (clientA, clientB) = (await a.SignInAsync(), await b.SignInAsync());
        var data = new OrderTestData(a);
        var (customerId, code, _) = await data.CustomerAsync();
        var (productId, _) = await data.ProductAsync(4m, 10);
        var orderId = await data.DraftAsync(customerId, (productId, 1, null));
        string[] pages = [$"/customers/{customerId}", $"/orders/{orderId}", "/orders", $"/products/{productId}", "/?handler=Figures"];
        await RenameAsync(a, customerId, code, "Before the outage");
        await SeenWithinASecondAsync(clientB, customerId, "Before the outage");
        foreach (var page in pages)
        {
            await clientA.ReadAsync(page);
            await clientB.ReadAsync(page);
        }
        await clientA.ReadAsync("/orders", htmx: true); // the rendered first page (ListFragmentCache)
        await clientB.ReadAsync("/orders", htmx: true);

        await redis.StopServerAsync();
        var times = new List<TimeSpan>();
        var outage = Stopwatch.StartNew();
        while (outage.Elapsed < Outage)
        {
            foreach (var page in pages)
            {
                times.Add((await clientA.ReadAsync(page)).Elapsed);
                times.Add((await clientB.ReadAsync(page)).Elapsed);
            }
            times.Add((await clientA.ReadAsync("/orders", htmx: true)).Elapsed);
            times.Add((await clientB.ReadAsync("/orders", htmx: true)).Elapsed);
        }
        await RenameAsync(a, customerId, code, "During the outage");
        Assert.Contains("During the outage", (await clientA.ReadAsync($"/customers/{customerId}")).Text);
        Assert.Contains("During the outage", (await clientA.ReadAsync($"/orders/{orderId}")).Text);
        Assert.Contains("During the outage", (await clientA.ReadAsync("/orders", htmx: true)).Text);
        var ready = await clientA.GetAsync("/health/ready");
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());

        times.Sort();
        var p95 = times[(int)(times.Count * 0.95)];
        output.WriteLine($"{times.Count} reads with Redis down: median {times[times.Count / 2].TotalMilliseconds:F1} ms, " +
                         $"p95 {p95.TotalMilliseconds:F1} ms, max {times[^1].TotalMilliseconds:F1} ms");
        Assert.True(p95 < ReadBudget, $"p95 {p95.TotalMilliseconds:F0} ms with Redis down");
        Assert.True(times[^1] < TimeSpan.FromSeconds(1), $"slowest read {times[^1].TotalMilliseconds:F0} ms: something waited on Redis");

        await redis.StartServerAsync();
        await CachePages.EventuallyAsync(async () =>
            await ReadyAsync(clientA) == "Healthy" && await ReadyAsync(clientB) == "Healthy", TimeSpan.FromSeconds(30), "both hosts reconnect to Redis");
        // Once the circuit breakers close again, host B hears host A's next write through the backplane.
        await CachePages.EventuallyAsync(async () =>
        {
            var name = "After the outage " + Guid.NewGuid().ToString("N")[..6];
            await clientB.ReadAsync($"/customers/{customerId}"); // host B holds the old name in memory
            await RenameAsync(a, customerId, code, name);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromMilliseconds(500))
            {
                if ((await clientB.ReadAsync($"/customers/{customerId}")).Text.Contains(name, StringComparison.Ordinal))
                {
                    return true;
                }
                await Task.Delay(25);
            }
            return false;
        }, TimeSpan.FromSeconds(15), "host B sees host A's write through the backplane again");
    }

    private static async Task<string> ReadyAsync(HttpClient client) => await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync();

    private static async Task RenameAsync(ErpApp host, long customerId, string code, string name)
    {
        var store = host.Services.GetRequiredService<CustomerStore>();
        var customer = (await store.GetAsync(customerId, CancellationToken.None))!;
        var saved = await store.UpdateAsync(customerId, customer.Version,
            new CustomerInput(code, name, customer.Email, customer.Phone, customer.Country, customer.CreditLimit), CancellationToken.None);
        Assert.Equal(SaveStatus.Saved, saved.Status);
    }

    private static Task SeenWithinASecondAsync(HttpClient client, long customerId, string name) =>
        CachePages.EventuallyAsync(async () => (await client.ReadAsync($"/customers/{customerId}")).Text.Contains(name, StringComparison.Ordinal),
            TimeSpan.FromSeconds(1), $"the other host shows {name}");
}
