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
        var again = await client.ReadAsync("/orders");

        Assert.True(again.Elapsed < TimeSpan.FromMilliseconds(500), $"a cached read took {again.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(0, again.DbCommands);
        Assert.Equal(first.Text, again.Text);
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
