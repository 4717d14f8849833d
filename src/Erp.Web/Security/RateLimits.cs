using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Erp.Web.Htmx;
using Htmx;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.RateLimiting;

namespace Erp.Web.Security;

/// <summary>
/// The global rate limiter (ADR 0013): three chained tiers — burst (token bucket), minute and hour
/// (sliding windows) — per signed-in user (cookie on pages, bearer token on /api), else per client address; <c>POST /login</c> has its own,
/// stricter tiers per address. No tier queues (a queued inner tier would hold the outer tiers'
/// permits twice). Rejections are 429 with Retry-After: a page shows the status page, htmx gets a
/// notice in <c>#notices</c>, <c>/api</c> gets problem+json. Static assets and health checks are not
/// limited (<c>DisableRateLimiting</c> in ErpSetup), and a request the status-code pages or the
/// exception handler re-execute is not counted again.
/// </summary>
public static class RateLimits
{
    private const int MinuteSegments = 6;
    private const int HourSegments = 12;

    public static void AddErpRateLimits(this WebApplicationBuilder builder)
    {
        var settings = RateLimitSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease);
            if (settings.Enabled)
            {
                o.GlobalLimiter = Chain(settings.Limits);
            }
        });
    }

    public static PartitionedRateLimiter<HttpContext> Chain(RateLimitProfile limits) =>
        PartitionedRateLimiter.CreateChained(
            Tier(limits, (tiers, key) => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = tiers.Burst,
                TokensPerPeriod = tiers.BurstRefill,
                ReplenishmentPeriod = tiers.BurstPeriod,
                AutoReplenishment = true,
                QueueLimit = 0,
            })),
            new RetryAfterWhenMissing(Tier(limits, (tiers, key) => Sliding(key, tiers.PerMinute, TimeSpan.FromMinutes(1), MinuteSegments)),
                TimeSpan.FromMinutes(1) / MinuteSegments),
            new RetryAfterWhenMissing(Tier(limits, (tiers, key) => Sliding(key, tiers.PerHour, TimeSpan.FromHours(1), HourSegments)),
                TimeSpan.FromHours(1) / HourSegments));

    private static RateLimitPartition<string> Sliding(string key, int permits, TimeSpan window, int segments) =>
        RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = segments,
            AutoReplenishment = true,
            QueueLimit = 0,
        });

    private static PartitionedRateLimiter<HttpContext> Tier(RateLimitProfile limits, Func<RateLimitTiers, string, RateLimitPartition<string>> partition) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (IsReExecuted(context))
            {
                return RateLimitPartition.GetNoLimiter("re-executed");
            }
            return IsLogin(context.Request)
                ? partition(limits.Login, $"login|{ClientAddress.LimitKey(context)}")
                : partition(limits.Requests, $"requests|{ClientKey(context)}");
        });

    /// <summary>The status-code pages and the exception handler run the pipeline again for the same request: count it once.</summary>
    private static bool IsReExecuted(HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;

    /// <summary>The sign-in page's POST and the API's token endpoint (routing ignores case and a trailing slash, so must this).</summary>
    private static bool IsLogin(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return false;
        }
        var path = (request.Path.Value ?? "").TrimEnd('/');
        return path.Equals("/login", StringComparison.OrdinalIgnoreCase)
               || path.Equals("/api/v1/auth/token", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The user id of a verified credential — the sign-in cookie on pages, the bearer token on /api (authentication runs
    /// first, see <see cref="Authentication.SelectorScheme"/>) — else the client address (after trusted forwarded headers).
    /// Nothing is read from an unverified token: a forged or expired one is limited per address, never on its user's budget.
    /// </summary>
    public static string ClientKey(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? $"user:{id}" : $"ip:{ClientAddress.LimitKey(context)}";

    public static string Message(int seconds) =>
        $"Too many requests. Please wait {seconds} second{(seconds == 1 ? "" : "s")} and try again.";

    private static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var response = context.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Erp.RateLimits")
            .LogInformation("Rate limit: {Method} {Path} from {Client} refused for {Seconds} s", context.Request.Method,
                context.Request.Path, ClientKey(context), seconds);
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(Message(seconds), statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests")
                .ExecuteAsync(context);
        }
        else if (context.Request.IsHtmx())
        {
            await HtmxNotice.WriteAsync(response, StatusCodes.Status429TooManyRequests, Message(seconds));
        }
        // A full page: the empty 429 is re-executed as /status/429, which reads Retry-After (not counted again).
    }

    /// <summary>Adds Retry-After to a sliding window's refusal, which carries none: the next segment may free permits.</summary>
    private sealed class RetryAfterWhenMissing(PartitionedRateLimiter<HttpContext> inner, TimeSpan retryAfter) : PartitionedRateLimiter<HttpContext>
    {
        public override RateLimiterStatistics? GetStatistics(HttpContext resource) => inner.GetStatistics(resource);

        protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
            WithRetryAfter(inner.AttemptAcquire(resource, permitCount));

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
            WithRetryAfter(await inner.AcquireAsync(resource, permitCount, cancellationToken));

        private RateLimitLease WithRetryAfter(RateLimitLease lease) =>
            lease.IsAcquired || lease.TryGetMetadata(MetadataName.RetryAfter, out _) ? lease : new RefusedLease(lease, retryAfter);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
        }

        protected override ValueTask DisposeAsyncCore() => inner.DisposeAsync();
    }

    private sealed class RefusedLease(RateLimitLease inner, TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => inner.MetadataNames.Append(MetadataName.RetryAfter.Name);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = retryAfter;
                return true;
            }
            return inner.TryGetMetadata(metadataName, out metadata);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
        }
    }
}
