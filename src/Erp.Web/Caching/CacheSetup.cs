using Erp.Data.Caching;
using Erp.Data.Infrastructure;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace Erp.Web.Caching;

/// <summary>
/// FusionCache with memory (L1), Redis (L2) and the Redis backplane when ConnectionStrings:Redis is
/// set, memory only without it; every timing from the "Cache" section (ADR 0010).
/// </summary>
public static class CacheSetup
{
    public static void AddErpCache(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var settings = builder.Configuration.GetSection(CacheSettings.Section).Get<CacheSettings>() ?? new CacheSettings();
        services.AddSingleton(settings);
        services.AddSingleton<CacheMetrics>();

        var redis = builder.Configuration.GetConnectionString("Redis");
        var hasRedis = !string.IsNullOrWhiteSpace(redis);
        if (hasRedis)
        {
            // Created (and disposed) by the container: one multiplexer per app, closed with it.
            services.AddSingleton(_ => new RedisConnection(redis!));
            services.AddHostedService<RedisWarmUp>();
        }
        if (!settings.Enabled)
        {
            return; // the stores read through Db's default: no cache
        }

        var fusion = services.AddFusionCache()
            .WithOptions(o =>
            {
                o.CacheKeyPrefix = settings.KeyPrefix;
                o.BackplaneChannelPrefix = settings.KeyPrefix + "backplane";
                // Tag-removed entries are removed, not kept as fail-safe fallbacks: a slow refresh
                // after a write must wait for the new value, never answer with the old one.
                o.RemoveByTagBehavior = RemoveByTagBehavior.Remove;
                o.DistributedCacheCircuitBreakerDuration = settings.DistributedCircuitBreakerDuration;
                o.BackplaneCircuitBreakerDuration = settings.BackplaneCircuitBreakerDuration;
                o.EnableSyncEventHandlersExecution = true; // the handlers only add to counters
                o.TagsDefaultEntryOptions.MemoryCacheDuration = settings.MemoryDuration;
                o.TagsDefaultEntryOptions.DistributedCacheSoftTimeout = settings.DistributedSoftTimeout;
                o.TagsDefaultEntryOptions.DistributedCacheHardTimeout = settings.DistributedHardTimeout;
                o.TagsDefaultEntryOptions.AllowBackgroundDistributedCacheOperations = settings.BackgroundDistributedOperations;
                o.TagsDefaultEntryOptions.AllowBackgroundBackplaneOperations = settings.BackgroundDistributedOperations;
            })
            .WithDefaultEntryOptions(o =>
            {
                o.Duration = settings.DistributedDuration;
                o.MemoryCacheDuration = settings.MemoryDuration;
                o.DistributedCacheDuration = settings.DistributedDuration;
                o.IsFailSafeEnabled = true;
                o.FailSafeMaxDuration = settings.FailSafeMaxDuration;
                o.FailSafeThrottleDuration = settings.FailSafeThrottleDuration;
                o.FactorySoftTimeout = settings.FactorySoftTimeout;
                o.FactoryHardTimeout = settings.FactoryHardTimeout;
                o.DistributedCacheSoftTimeout = settings.DistributedSoftTimeout;
                o.DistributedCacheHardTimeout = settings.DistributedHardTimeout;
                o.AllowBackgroundDistributedCacheOperations = settings.BackgroundDistributedOperations;
                o.AllowBackgroundBackplaneOperations = settings.BackgroundDistributedOperations;
                o.EagerRefreshThreshold = settings.EagerRefreshThreshold > 0 ? settings.EagerRefreshThreshold : null;
                o.JitterMaxDuration = settings.JitterMaxDuration;
            })
            .WithSerializer(new FusionCacheSystemTextJsonSerializer(new System.Text.Json.JsonSerializerOptions { IncludeFields = true }));
        if (hasRedis)
        {
            fusion
                .WithDistributedCache(sp => new RedisCache(new RedisCacheOptions
                {
                    ConnectionMultiplexerFactory = sp.GetRequiredService<RedisConnection>().GetWithoutWaitingAsync,
                }))
                .WithBackplane(sp => new RedisBackplane(new RedisBackplaneOptions
                {
                    ConnectionMultiplexerFactory = sp.GetRequiredService<RedisConnection>().GetAsync,
                }));
        }

        services.AddSingleton<IReadCache, FusionReadCache>();
        services.AddSingleton<IAfterCommit, CacheInvalidation>();
        services.AddListFragmentCache(settings);
    }

    /// <summary>Serves cached list fragments (<see cref="ListFragmentCache"/>); after authorization, so only a permitted request reaches the cache.</summary>
    public static void UseErpCache(this WebApplication app)
    {
        if (app.Services.GetRequiredService<CacheSettings>().Enabled)
        {
            app.UseOutputCache();
        }
    }

    /// <summary>Starts connecting to Redis at start-up without waiting for it: start-up never blocks on Redis.</summary>
    private sealed class RedisWarmUp(RedisConnection connection, ILogger<RedisWarmUp> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            _ = connection.GetAsync().ContinueWith(t => logger.LogWarning(t.Exception, "Redis connection could not be created"),
                TaskContinuationOptions.OnlyOnFaulted);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
