using System.Security.Claims;
using System.Threading.RateLimiting;
using Erp.Tests.Support;
using Erp.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Erp.Tests.Unit;

/// <summary>
/// What the edge costs a request (src/Erp.Web/Security/SecurityHeaders.cs, RateLimits.cs; ADR 0013, update of 2026-11-26
/// evening): the headers and the limiter run on every answer, so their work per request is measured here as the bytes they
/// allocate (exact on one thread, unlike time on a shared machine). The budgets sit well above today's cost and well below
/// what the per-response policy evaluation and the three chained partitioned limiters cost before.
/// </summary>
public sealed class EdgeCostTests
{
    private const int Rounds = 2000;

    internal static WebApplication Build(Action<WebApplicationBuilder> configure, string environment = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RateLimits:Profile"] = "Load",
            ["RateLimits:Profiles:Load:Requests:PerMinute"] = "100000000",
            ["RateLimits:Profiles:Load:Requests:PerHour"] = "1000000000",
            ["RateLimits:Profiles:Load:Requests:Burst"] = "1000000",
            ["RateLimits:Profiles:Load:Requests:BurstRefill"] = "1000000",
        });
        configure(builder);
        return builder.Build();
    }

    /// <summary>Allocated bytes per call of <paramref name="work"/> on this thread, after a warm-up.</summary>
    private static long BytesPerCall(Action work)
    {
        for (var i = 0; i < 200; i++)
        {
            work();
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            work();
        }
        return (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
    }

    [Fact]
    public async Task The_headers_cost_a_response_its_nonce_and_one_policy_string()
    {
        await using var app = Build(b => b.AddErpSecurityHeaders());
        app.UseErpSecurityHeaders();
        var pipeline = ((IApplicationBuilder)app).Build();
        var responses = new Queue<(HttpContext Context, StartedResponse Response)>();
        for (var i = 0; i < Rounds + 201; i++)
        {
            var context = new DefaultHttpContext();
            var response = new StartedResponse();
            context.Features.Set<IHttpResponseFeature>(response);
            responses.Enqueue((context, response));
        }

        var bytes = BytesPerCall(() =>
        {
            var (context, response) = responses.Dequeue();
            pipeline(context).GetAwaiter().GetResult();
            response.Start();
        });

        var sample = responses.Dequeue();
        await pipeline(sample.Context);
        sample.Response.Start();
        Assert.Contains("'nonce-", sample.Context.Response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal("nosniff", sample.Context.Response.Headers.XContentTypeOptions.ToString());
        // Today 1,432 bytes: the nonce (112), the policy text (~600), the test context's item and header tables. Evaluating the policy
        // per response (a result dictionary and set, LINQ over the directives, joined strings) cost 3,088 bytes.
        Assert.True(bytes <= 2000, $"the headers allocated {bytes} bytes per response");
    }

    [Fact]
    public void A_permit_costs_a_signed_in_request_no_more_than_its_user_id_lookup()
    {
        using var app = Build(b => b.AddErpRateLimits());
        var limiter = app.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, "42"), new Claim(ClaimTypes.Name, "Employee"), new Claim(ClaimTypes.Role, "employee")],
                "Cookies")),
        };
        context.Request.Method = "GET";
        context.Request.Path = "/orders";

        var bytes = BytesPerCall(() =>
        {
            using var lease = limiter.AttemptAcquire(context);
            Assert.True(lease.IsAcquired);
        });

        // Today 80 bytes: the claim lookup's enumerator. Three chained partitioned limiters (a key string, a partition and its factory
        // per tier, a combined lease) cost 1,128 bytes.
        Assert.True(bytes <= 300, $"a permit allocated {bytes} bytes");
    }
}
