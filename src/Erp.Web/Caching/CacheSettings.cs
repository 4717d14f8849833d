namespace Erp.Web.Caching;

/// <summary>
/// Configuration section "Cache" (README, ADR 0010). Defaults are the values measured to keep a
/// request from waiting on a dead Redis for more than ~150 ms.
/// </summary>
public sealed class CacheSettings
{
    public const string Section = "Cache";

    /// <summary>Off: every read goes to the database (the benchmark's "cache off" column).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Prefix of every key and of the backplane channel; nodes of one installation share it.</summary>
    public string KeyPrefix { get; set; } = "erp:";

    /// <summary>How long a node trusts its memory copy (L1). Bounds staleness while the backplane is down.</summary>
    public TimeSpan MemoryDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an entry lives in Redis (L2); tag removals end it earlier.</summary>
    public TimeSpan DistributedDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the dashboard's aggregates are reused (their page shows "as of HH:MM").</summary>
    public TimeSpan DashboardDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an old value may still be served when its refresh fails (database or Redis trouble).</summary>
    public TimeSpan FailSafeMaxDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After a failed refresh, how long the old value is reused before the next try.</summary>
    public TimeSpan FailSafeThrottleDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A refresh slower than this answers with the old value (when there is one) and finishes in the background.</summary>
    public TimeSpan FactorySoftTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A refresh slower than this gives up even without an old value; infinite by default (a cold dashboard may take a while).</summary>
    public TimeSpan FactoryHardTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Redis answers slower than this are not waited for when an old value exists.</summary>
    public TimeSpan DistributedSoftTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Redis answers slower than this are never waited for.</summary>
    public TimeSpan DistributedHardTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Writes to Redis and backplane messages happen after the answer, not before it.</summary>
    public bool BackgroundDistributedOperations { get; set; } = true;

    /// <summary>After a Redis error, Redis (L2) is skipped for this long.</summary>
    public TimeSpan DistributedCircuitBreakerDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After a backplane error, the backplane is skipped for this long.</summary>
    public TimeSpan BackplaneCircuitBreakerDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A read after this fraction of an entry's duration refreshes it in the background (0 = off).</summary>
    public float EagerRefreshThreshold { get; set; } = 0.8f;

    /// <summary>Random extra duration per entry, so entries written together do not all expire together.</summary>
    public TimeSpan JitterMaxDuration { get; set; } = TimeSpan.FromMilliseconds(500);
}
