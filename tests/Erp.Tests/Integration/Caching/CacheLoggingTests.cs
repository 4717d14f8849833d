using System.Collections.Concurrent;
using Erp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Erp.Tests.Integration.Caching;

/// <summary>
/// FusionCache writes a trace line at Information for every cache call unless its category is filtered:
/// at load that was hundreds of megabytes of log per minute and a third of a cached list's CPU. The app's
/// own logging settings (appsettings.json) keep it to warnings and errors.
/// </summary>
public sealed class CacheLoggingTests
{
    [Fact]
    public async Task Cached_reads_write_no_cache_log_line_per_read()
    {
        var sink = new CountingLoggerProvider();
        await using var app = await ErpApp.StartAsync(seedOrders: 60,
            configure: b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(sink)));
        var client = await app.SignInAsync();
        await client.ReadAsync("/orders", htmx: true); // fills the cache
        var before = sink.CacheLines;

        for (var i = 0; i < 20; i++)
            await client.ReadAsync("/orders", htmx: true);

        Assert.True(sink.CacheLines - before < 5,
            $"20 cached reads wrote {sink.CacheLines - before} FusionCache log lines; its category must be filtered to warnings");
    }

    private sealed class CountingLoggerProvider : ILoggerProvider
    {
        private int _cacheLines;
        public int CacheLines => Volatile.Read(ref _cacheLines);
        public ILogger CreateLogger(string categoryName) => new Counter(this, categoryName.StartsWith("ZiggyCreatures.", StringComparison.Ordinal));
        public void Dispose() { }

        private sealed class Counter(CountingLoggerProvider owner, bool cache) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (cache) Interlocked.Increment(ref owner._cacheLines);
            }
        }
    }
}
