using System.Diagnostics.Metrics;
using ZiggyCreatures.Caching.Fusion;

namespace Erp.Web.Caching;

/// <summary>
/// Counters of the meter "Erp": cache hits, misses and fail-safe activations of the stores' entries
/// (FusionCache's own tag bookkeeping entries are left out). See also DbCommandCounter.
/// </summary>
public sealed class CacheMetrics
{
    public const string MeterName = "Erp";
    private const string InternalKeyMarker = "__fc:";
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _failSafe;

    public CacheMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _hits = meter.CreateCounter<long>("erp.cache.hits", description: "Cache reads answered from L1 or L2");
        _misses = meter.CreateCounter<long>("erp.cache.misses", description: "Cache reads that found nothing");
        _failSafe = meter.CreateCounter<long>("erp.cache.fail_safe_activations", description: "Old values served because a refresh failed");
    }

    public void Attach(IFusionCache cache)
    {
        cache.Events.Hit += (_, e) => Count(_hits, e.Key);
        cache.Events.Miss += (_, e) => Count(_misses, e.Key);
        cache.Events.FailSafeActivate += (_, e) => Count(_failSafe, e.Key);
    }

    private static void Count(Counter<long> counter, string key)
    {
        if (!key.Contains(InternalKeyMarker, StringComparison.Ordinal))
        {
            counter.Add(1);
        }
    }
}
