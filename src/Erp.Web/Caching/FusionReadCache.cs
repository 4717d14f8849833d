using Erp.Data.Caching;
using ZiggyCreatures.Caching.Fusion;

namespace Erp.Web.Caching;

/// <summary>The stores' <see cref="IReadCache"/> over FusionCache: L1 memory, L2 Redis, Redis backplane (ADR 0010).</summary>
public sealed class FusionReadCache : IReadCache
{
    private readonly IFusionCache _cache;
    private readonly FusionCacheEntryOptions _dashboard;

    public FusionReadCache(IFusionCache cache, CacheSettings settings, CacheMetrics metrics)
    {
        _cache = cache;
        metrics.Attach(cache);
        _dashboard = cache.CreateEntryOptions(o =>
        {
            o.Duration = settings.DashboardDuration;
            o.MemoryCacheDuration = settings.DashboardDuration;
            o.DistributedCacheDuration = settings.DashboardDuration;
            o.EagerRefreshThreshold = 0.5f;
        });
    }

    public ValueTask<T> GetOrSetAsync<T>(string key, Func<CancellationToken, Task<T>> read, Func<T, IEnumerable<string>> tagsOf,
        CancellationToken ct, CacheEntryKind kind = CacheEntryKind.Record) =>
        _cache.GetOrSetAsync<T>(key, async (ctx, token) =>
        {
            var value = await read(token);
            ctx.Tags = [.. tagsOf(value)];
            return value;
        }, options: kind == CacheEntryKind.Dashboard ? _dashboard : null, token: ct);

    public async ValueTask RemoveByTagsAsync(IEnumerable<string> tags, CancellationToken ct)
    {
        foreach (var tag in tags)
        {
            await _cache.RemoveByTagAsync(tag, token: ct);
        }
    }
}
