using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Caching;

/// <summary>Redis is optional: without it the cache is memory only; with it unreachable, start-up and requests do not wait for it.</summary>
public sealed class WithoutRedisTests
{
    [Fact]
    public async Task Without_a_Redis_connection_string_the_cache_is_memory_only_and_ready_is_healthy()
    {
        await using var app = await ErpApp.StartAsync(seedOrders: 50, configure: b => b.UseSetting("ConnectionStrings:Redis", ""));
        var client = await app.SignInAsync();

        await client.ReadAsync("/orders");
        Assert.Equal(0, (await client.ReadAsync("/orders")).DbCommands);
        Assert.Equal("Healthy", await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_Redis_unreachable_from_the_start_the_app_starts_and_answers_without_waiting_for_it()
    {
        var clock = Stopwatch.StartNew();
        await using var app = await ErpApp.StartAsync(seedOrders: 50, configure: b =>
            b.UseSetting("ConnectionStrings:Redis", $"127.0.0.1:{ClosedPort()},abortConnect=false,connectTimeout=2000,syncTimeout=1000,asyncTimeout=1000"));
        var client = await app.SignInAsync();
        var first = await client.ReadAsync("/orders");
        var again = new List<PageRead>();
        for (var i = 0; i < 7; i++)
        {
            again.Add(await client.ReadAsync("/orders"));
        }

        // A read that waited on Redis would take its timeouts (100-500 ms on the cache's side, 1-2 s on the
        // client's) every time; a single slow read on a busy 2-core machine is a hiccup, so the median decides.
        var times = again.Select(r => r.Elapsed.TotalMilliseconds).Order().ToList();
        Assert.True(times[times.Count / 2] < 150, $"cached reads took {string.Join(", ", times.Select(t => $"{t:F0}"))} ms");
        Assert.All(again, r => Assert.True(r.Elapsed < TimeSpan.FromSeconds(1), $"a cached read took {r.Elapsed.TotalMilliseconds:F0} ms"));
        Assert.All(again, r => Assert.Equal(0, r.DbCommands));
        Assert.All(again, r => Assert.Equal(first.Text, r.Text));
        Assert.Equal("Degraded", await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when disposed
    }
}
