using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Erp.Web.Security;
using Microsoft.AspNetCore.Http;

namespace Erp.Tests.Unit;

/// <summary>
/// The limiter's own partitions (src/Erp.Web/Security/RateLimits.cs): each user and address has its tiers, and a
/// timer gives the tiers their permits back. The integration tests (Integration/Edge/RateLimitTests.cs) use periods
/// too long to see a refill.
/// </summary>
public sealed class RateLimitPartitionTests
{
    private static readonly RateLimitProfile TwoPerQuarterSecond = new()
    {
        Requests = new RateLimitTiers
        {
            Burst = 2, BurstRefill = 2, BurstPeriod = TimeSpan.FromMilliseconds(250), PerMinute = 1000, PerHour = 1000,
        },
    };

    private static HttpContext User(string id) => new DefaultHttpContext
    {
        User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], "Cookies")),
    };

    private static HttpContext Address(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }

    private static bool Acquire(PartitionedRateLimiter<HttpContext> limiter, HttpContext context)
    {
        using var lease = limiter.AttemptAcquire(context);
        return lease.IsAcquired;
    }

    [Fact]
    public async Task A_spent_burst_comes_back_after_its_period()
    {
        using var limiter = RateLimits.Create(TwoPerQuarterSecond);
        var user = User("7");
        Assert.True(Acquire(limiter, user));
        Assert.True(Acquire(limiter, user));
        using (var refused = limiter.AttemptAcquire(user))
        {
            Assert.False(refused.IsAcquired);
            Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
            Assert.InRange(retryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(250));
        }

        var clock = Stopwatch.StartNew();
        while (!Acquire(limiter, user))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the burst never came back");
            await Task.Delay(20);
        }
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Every_user_and_address_spends_a_budget_of_its_own_and_a_user_id_is_not_an_address()
    {
        using var limiter = RateLimits.Create(TwoPerQuarterSecond);
        // A new context per request, as each request has: the partition is found by its key, not by the object.
        Assert.True(Acquire(limiter, User("10.0.0.1")));
        Assert.True(Acquire(limiter, User("10.0.0.1")));
        Assert.False(Acquire(limiter, User("10.0.0.1")));

        Assert.True(Acquire(limiter, User("2")));
        Assert.True(Acquire(limiter, Address("10.0.0.1")));
        Assert.True(Acquire(limiter, Address("10.0.0.1")));
        Assert.False(Acquire(limiter, Address("10.0.0.1")));
        Assert.True(Acquire(limiter, Address("10.0.0.2")));
    }
}
