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
/// the data (memory, Redis, backplane) under the same list tags, so the write path's after-commit tag removal
/// drops a rendered page exactly when it drops the rows it was rendered from. Only what the data layer caches
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
            o.DefaultExpirationTimeSpan = settings.DistributedDuration;
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
                || request.Query.Any(q => !StringValues.IsNullOrEmpty(q.Value) && !list.Keys.Contains(q.Key, StringComparer.OrdinalIgnoreCase)))
            {
                return ValueTask.CompletedTask; // output caching stays off for this request
            }
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = true;
            context.AllowCacheStorage = true;
            context.AllowLocking = true;
            context.Tags.Add(list.Tag);
            context.CacheVaryByRules.QueryKeys = list.Keys;
            context.CacheVaryByRules.VaryByValues["role"] = string.Join(",", user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order());
            context.ResponseExpirationTimeSpan = settings.DistributedDuration;
            return ValueTask.CompletedTask;
        }

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

    /// <summary>Output-cache entries in FusionCache: L1 memory, L2 Redis, backplane, tag removal shared with the data entries.</summary>
    private sealed class FusionOutputCacheStore(IFusionCache cache) : IOutputCacheStore
    {
        public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
            (await cache.TryGetAsync<byte[]>(FragmentKeyPrefix + key, token: cancellationToken)).GetValueOrDefault(null!);

        public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
            await cache.SetAsync(FragmentKeyPrefix + key, value, o => o.Duration = validFor, tags, cancellationToken);

        public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) =>
            await cache.RemoveByTagAsync(tag, token: cancellationToken);
    }
}
