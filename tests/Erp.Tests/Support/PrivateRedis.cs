using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Erp.Tests.Support;

/// <summary>
/// A redis-server of the test's own on a free loopback port (no persistence), which the test can
/// stop and start again on the same port without touching the Redis other tests share.
/// </summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private Process? _process;

    private PrivateRedis(int port) => Port = port;

    public int Port { get; }

    /// <summary>The timeouts the app's README recommends; the app adds abortConnect=false and a fail-fast backlog itself.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=1000,asyncTimeout=1000";

    public static async Task<PrivateRedis> StartAsync()
    {
        var redis = new PrivateRedis(FreePort());
        await redis.StartServerAsync();
        return redis;
    }

    public async Task StartServerAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!await PingsAsync())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10) || _process.HasExited)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING.");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Stops the server abruptly (like a crash): clients see their connections drop.</summary>
    public async Task StopServerAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await StopServerAsync();
}
