using System.Threading.RateLimiting;

namespace Erp.Web.Security;

/// <summary>
/// Failed sign-ins per client address (ADR 0013): after <see cref="RateLimitProfile.LoginFailuresPerHour"/>
/// failures in a sliding hour the address may not sign in at all, with the same message as any failed
/// sign-in, so an attacker cannot tell this from the per-account lockout or a wrong password. Counted
/// in each node's memory: behind a load balancer with N nodes an address gets at most N times the limit.
/// </summary>
public sealed class LoginThrottle(RateLimitSettings settings) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = settings.Limits.LoginFailuresPerHour,
            Window = TimeSpan.FromHours(1),
            SegmentsPerWindow = 12,
            AutoReplenishment = true,
            QueueLimit = 0,
        }));

    public bool IsBlocked(HttpContext context) =>
        _failures.GetStatistics(ClientAddress.LimitKey(context)) is { CurrentAvailablePermits: <= 0 };

    public void RecordFailure(HttpContext context) => _failures.AttemptAcquire(ClientAddress.LimitKey(context)).Dispose();

    public void Dispose() => _failures.Dispose();
}
