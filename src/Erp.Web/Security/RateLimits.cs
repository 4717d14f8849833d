using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Erp.Web.Htmx;
using Htmx;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.RateLimiting;

namespace Erp.Web.Security;

/// <summary>
/// The global rate limiter (ADR 0013): three tiers — burst (token bucket), minute and hour
/// (sliding windows), asked in that order — per signed-in user (cookie on pages, bearer token on /api), else per client address; <c>POST /login</c> has its own,
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
                o.GlobalLimiter = Create(settings.Limits);
            }
        });
    }

    /// <summary>
    /// One partitioned limiter whose partition (a user, an address, an address's sign-ins) holds its three tiers: one key
    /// computation and one lock-free lookup per request, instead of a key, a locked lookup and a lease per tier as with three
    /// chained partitioned limiters (ADR 0013, update of 2026-11-26 evening). The tiers are the built-in limiters.
    /// </summary>
    public static PartitionedRateLimiter<HttpContext> Create(RateLimitProfile limits) => new Partitions(limits);

    private sealed class Partitions : PartitionedRateLimiter<HttpContext>
    {
        /// <summary>How often the tiers are replenished, as the built-in partitioned limiter does.</summary>
        private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(100);

        /// <summary>A partition whose tiers have all been full this long is dropped (a later request starts a full one).</summary>
        private static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(10);

        private readonly RateLimitProfile _limits;
        private readonly ConcurrentDictionary<PartitionKey, ThreeTiers> _partitions = new();
        private readonly Timer _timer;
        private int _beating;

        public Partitions(RateLimitProfile limits)
        {
            _limits = limits;
            _timer = new Timer(static state => ((Partitions)state!).Beat(), this, Heartbeat, Heartbeat);
        }

        /// <summary>The request's tiers; none for a request the status pages or the exception handler run again.</summary>
        private ThreeTiers? Partition(HttpContext context)
        {
            if (IsReExecuted(context))
            {
                return null;
            }
            var key = IsLogin(context.Request) ? new PartitionKey(PartitionKind.Login, ClientAddress.LimitKey(context)) : RequestKey(context);
            // GetOrAdd reads without a lock first; only a new key takes one.
            return _partitions.GetOrAdd(key, static (key, limits) => new ThreeTiers(key.Kind == PartitionKind.Login ? limits.Login : limits.Requests), _limits);
        }

        protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
            Partition(resource)?.AttemptAcquire(permitCount) ?? Granted.Lease;

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
            Partition(resource)?.AcquireAsync(permitCount, cancellationToken) ?? ValueTask.FromResult<RateLimitLease>(Granted.Lease);

        public override RateLimiterStatistics? GetStatistics(HttpContext resource) => Partition(resource)?.GetStatistics();

        /// <summary>
        /// Replenishes every partition's tiers and drops the idle ones. A dropped partition is not disposed: a request that
        /// looked it up a moment before may still take its permit from it (its tiers were all full, so one permit at most is
        /// forgotten, after an hour without requests).
        /// </summary>
        private void Beat()
        {
            if (Interlocked.Exchange(ref _beating, 1) == 1)
            {
                return; // the previous beat is still running
            }
            try
            {
                foreach (var (key, tiers) in _partitions)
                {
                    if (tiers.IdleDuration > IdleLimit)
                    {
                        _partitions.TryRemove(KeyValuePair.Create(key, tiers));
                    }
                    else
                    {
                        tiers.TryReplenish();
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _beating, 0);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _timer.Dispose();
            }
        }

        protected override ValueTask DisposeAsyncCore() => _timer.DisposeAsync();
    }

    private enum PartitionKind { Login, User, Address }

    /// <summary>Whose budget a request spends: a struct of the kind and the claim's or address's own string, no string of its own.</summary>
    private readonly record struct PartitionKey(PartitionKind Kind, string Who)
    {
        public override string ToString() => Kind == PartitionKind.User ? $"user:{Who}" : $"ip:{Who}";
    }

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
    private static PartitionKey RequestKey(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? new PartitionKey(PartitionKind.User, id)
            : new PartitionKey(PartitionKind.Address, ClientAddress.LimitKey(context));

    /// <summary>Who a request's budget belongs to, for the logs: <c>user:{id}</c> or <c>ip:{address}</c>.</summary>
    public static string ClientKey(HttpContext context) => RequestKey(context).ToString();

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

    /// <summary>
    /// The three tiers of one partition: a token bucket for bursts, a sliding minute and a sliding hour, asked in that order.
    /// A refusal disposes the permits already taken and returns the refusing tier's lease, with <c>Retry-After</c> added where
    /// the sliding windows give none (one segment: the earliest moment permits can come back) — what the chained limiter did.
    /// A grant returns one shared lease: time-based permits are not given back on dispose, so the tiers' own leases are disposed
    /// at once.
    /// </summary>
    private sealed class ThreeTiers : ReplenishingRateLimiter
    {
        private readonly TokenBucketRateLimiter _burst;
        private readonly SlidingWindowRateLimiter _minute;
        private readonly SlidingWindowRateLimiter _hour;

        public ThreeTiers(RateLimitTiers tiers)
        {
            _burst = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = tiers.Burst,
                TokensPerPeriod = tiers.BurstRefill,
                ReplenishmentPeriod = tiers.BurstPeriod,
                AutoReplenishment = false, // the partitions' timer replenishes (TryReplenish)
                QueueLimit = 0,
            });
            _minute = Sliding(tiers.PerMinute, TimeSpan.FromMinutes(1), MinuteSegments);
            _hour = Sliding(tiers.PerHour, TimeSpan.FromHours(1), HourSegments);
        }

        private static SlidingWindowRateLimiter Sliding(int permits, TimeSpan window, int segments) => new(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = segments,
            AutoReplenishment = false,
            QueueLimit = 0,
        });

        public override bool IsAutoReplenishing => false;

        public override TimeSpan ReplenishmentPeriod => _burst.ReplenishmentPeriod;

        /// <summary>
        /// A full tier (idle) has nothing to replenish and is skipped: a key seen once is held for up to an hour by its hour
        /// tier alone, and many such keys (an attacker rotating addresses) then cost one replenish each per beat, as the
        /// hour tier's own partition did before the tiers shared one partition.
        /// </summary>
        public override bool TryReplenish()
        {
            if (_burst.IdleDuration is null)
            {
                _burst.TryReplenish();
            }
            if (_minute.IdleDuration is null)
            {
                _minute.TryReplenish();
            }
            if (_hour.IdleDuration is null)
            {
                _hour.TryReplenish();
            }
            return true;
        }

        /// <summary>Idle (and so dropped by the partitioned limiter after a while) only when every tier is full again.</summary>
        public override TimeSpan? IdleDuration =>
            _burst.IdleDuration is { } burst && _minute.IdleDuration is { } minute && _hour.IdleDuration is { } hour
                ? TimeSpan.FromTicks(Math.Min(burst.Ticks, Math.Min(minute.Ticks, hour.Ticks)))
                : null;

        public override RateLimiterStatistics? GetStatistics() => _burst.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            var burst = _burst.AttemptAcquire(permitCount);
            if (!burst.IsAcquired)
            {
                return burst;
            }
            var minute = _minute.AttemptAcquire(permitCount);
            if (!minute.IsAcquired)
            {
                burst.Dispose();
                return WithRetryAfter(minute, _minute);
            }
            var hour = _hour.AttemptAcquire(permitCount);
            if (!hour.IsAcquired)
            {
                minute.Dispose();
                burst.Dispose();
                return WithRetryAfter(hour, _hour);
            }
            hour.Dispose();
            minute.Dispose();
            burst.Dispose();
            return Granted.Lease;
        }

        /// <summary>The tiers have no queues (QueueLimit 0), so waiting for a permit is asking for one now.</summary>
        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AttemptAcquireCore(permitCount));

        private static RateLimitLease WithRetryAfter(RateLimitLease refused, SlidingWindowRateLimiter window) =>
            refused.TryGetMetadata(MetadataName.RetryAfter, out _) ? refused : new RefusedLease(refused, window.ReplenishmentPeriod);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _burst.Dispose();
                _minute.Dispose();
                _hour.Dispose();
            }
        }

        protected override async ValueTask DisposeAsyncCore()
        {
            await _burst.DisposeAsync();
            await _minute.DisposeAsync();
            await _hour.DisposeAsync();
        }
    }

    private sealed class Granted : RateLimitLease
    {
        public static readonly Granted Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
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
