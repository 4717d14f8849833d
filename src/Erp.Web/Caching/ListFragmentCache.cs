using System.Security.Claims;
using Erp.Data.Caching;
using Erp.Web.Htmx;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using ZiggyCreatures.Caching.Fusion;

namespace Erp.Web.Caching;

/// <summary>
/// The rendered first page of a list, cached as the htmx fragment the browser asks for (ADR 0010, "Rendered
/// first pages"). ASP.NET Core's output caching does the work; its entries live in the same FusionCache as
/// the data under the same list tags, so the write path's after-commit tag removal drops a rendered page
/// exactly when it drops the rows it was rendered from. They stay in each node's memory for
/// <c>Cache:MemoryDuration</c> only, never in Redis: a node that rendered from rows a moment before another
/// node's write reached it must not hand that page to every node for minutes. Only what the data layer caches
/// is cached rendered, and of that only a bounded set: a list's first page by sort, status and page size (the keys
/// below) — not per customer (100,000 customers would make 100,000 rendered pages of ~20 KB), never a cursor,
/// <c>before</c> or <c>at</c> page, a text prefix or a date range.
/// </summary>
public static class ListFragmentCache
{
    public const string FragmentKeyPrefix = "fragment:";

    /// <summary>Path → the list's cache tag and the query keys a cached fragment may vary by; any other key with a value is read each time.</summary>
    private static readonly Dictionary<string, (string Tag, string[] Keys)> Lists = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/orders"] = (CacheKeys.OrdersList, ["sort", "status", "limit"]),
        ["/customers"] = (CacheKeys.CustomersList, ["sort", "limit"]),
        ["/products"] = (CacheKeys.ProductsList, ["sort", "limit"]),
        ["/invoices"] = (CacheKeys.InvoicesList, ["status", "limit"]),
    };

    public static void AddListFragmentCache(this IServiceCollection services, CacheSettings settings)
    {
        services.AddOutputCache(o =>
        {
            o.AddBasePolicy(new FirstPagePolicy(settings));
            o.DefaultExpirationTimeSpan = settings.MemoryDuration;
        });
        services.AddSingleton<IOutputCacheStore, FusionOutputCacheStore>(); // after AddOutputCache: replaces its memory store
    }

    /// <summary>Caches the GET htmx fragment of a list's first page for signed-in users, one entry per role and filter values.</summary>
    private sealed class FirstPagePolicy(CacheSettings settings) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            var user = context.HttpContext.User;
            if (!HttpMethods.IsGet(request.Method) || !request.WantsFragment() || user.Identity?.IsAuthenticated != true
                || !Lists.TryGetValue(request.Path.Value ?? "", out var list)
                || request.Query.Any(q => !StringValues.IsNullOrEmpty(q.Value) && !list.Keys.Contains(q.Key, StringComparer.OrdinalIgnoreCase))
                || !IsCanonicalLimit(request.Query["limit"]))
            {
                return ValueTask.CompletedTask; // output caching stays off for this request
            }
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = true;
            context.AllowCacheStorage = true;
            context.AllowLocking = true;
            context.Tags.Add(list.Tag);
            context.CacheVaryByRules.QueryKeys = list.Keys;
            context.CacheVaryByRules.VaryByHost = false; // one entry whatever Host header a client sends
            context.CacheVaryByRules.VaryByValues["role"] = string.Join(",", user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order());
            context.ResponseExpirationTimeSpan = settings.MemoryDuration;
            return ValueTask.CompletedTask;
        }

        /// <summary>
        /// No limit, or one written the way the page would write it (50, not 050, +50 or 999, which the page clamps
        /// to the same page): otherwise every spelling of one page would be an entry of its own.
        /// </summary>
        private static bool IsCanonicalLimit(StringValues limit) =>
            StringValues.IsNullOrEmpty(limit)
            || (limit.Count == 1 && int.TryParse(limit[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
                && size is >= 1 and <= Paging.PageSize.Max && size.ToString(System.Globalization.CultureInfo.InvariantCulture) == limit[0]);

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            // A refused or failed page, or one that sets a cookie (a renewed sign-in), is nobody else's answer.
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey("Set-Cookie"))
            {
                context.AllowCacheStorage = false;
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Output-cache entries in FusionCache's memory level only (no Redis read or write, no backplane message for a set,
    /// no fail-safe copy: an expired page is rendered again from the cached rows), removed by the same tags as the data.
    /// </summary>
    private sealed class FusionOutputCacheStore(IFusionCache cache, CacheSettings settings) : IOutputCacheStore
    {
        private readonly FusionCacheEntryOptions _memoryOnly = cache.CreateEntryOptions(o =>
        {
            o.Duration = settings.MemoryDuration;
            o.MemoryCacheDuration = settings.MemoryDuration;
            o.IsFailSafeEnabled = false;
            o.SkipDistributedCacheRead = true;
            o.SkipDistributedCacheWrite = true;
            o.SkipBackplaneNotifications = true;
        });

        public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
            (await cache.TryGetAsync<byte[]>(FragmentKeyPrefix + key, _memoryOnly, cancellationToken)).GetValueOrDefault(null!);

        public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
            await cache.SetAsync(FragmentKeyPrefix + key, value, _memoryOnly, tags, cancellationToken);

        public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) =>
            await cache.RemoveByTagAsync(tag, token: cancellationToken);
    }
}
