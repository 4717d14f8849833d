using Erp.Data.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Erp.Web.Caching;

namespace Erp.Web.Hosting;

public sealed class DatabaseReadyCheck(Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var pending = await migrator.PendingCountAsync(ct);
            return pending == 0
                ? HealthCheckResult.Healthy("Database reachable and migrated.")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) pending.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.", e);
        }
    }
}

/// <summary>Redis is optional: without it the app serves from memory, so down means Degraded.</summary>
public sealed class RedisCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var connection = services.GetService<RedisConnection>();
        if (connection is null)
        {
            return HealthCheckResult.Healthy("Redis not configured (memory cache only).");
        }
        try
        {
            var redis = await connection.GetAsync().WaitAsync(TimeSpan.FromSeconds(1), ct);
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(1), ct);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:F1} ms.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis unreachable.", e);
        }
    }
}
