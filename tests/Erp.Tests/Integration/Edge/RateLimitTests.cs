using System.Net;
using System.Text.Json;
using Erp.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Erp.Tests.Integration.Edge;

/// <summary>
/// The three chained tiers answer 429 with Retry-After at their configured counts
/// (src/Erp.Web/Security/RateLimits.cs). Each test runs its own app with small limits in a profile
/// of its own; every other test runs on the high-limit profile "Load" (ErpApp).
/// </summary>
public sealed class RateLimitTests
{
    public static Task<ErpApp> StartWithLimitsAsync(IReadOnlyDictionary<string, string> limits, bool kestrel = false,
        Action<IWebHostBuilder>? configure = null) =>
        ErpApp.StartAsync(seedOrders: 0, kestrel: kestrel, configure: b =>
        {
            b.UseSetting("RateLimits:Profile", "Tight");
            b.UseSetting("RateLimits:Profiles:Tight:LoginFailuresPerHour", "1000");
            foreach (var (key, value) in limits)
            {
                b.UseSetting($"RateLimits:Profiles:Tight:{key}", value);
            }
            configure?.Invoke(b);
        });

    private static readonly Dictionary<string, string> BurstOfThree = new()
    {
        ["Requests:Burst"] = "3", ["Requests:BurstRefill"] = "1", ["Requests:BurstPeriod"] = "01:00:00",
    };

    private static HttpRequestMessage Htmx(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        return request;
    }

    private static int RetryAfter(HttpResponseMessage response) =>
        (int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;

    [Fact]
    public async Task Burst_tier_refuses_the_request_after_the_burst_with_429_retry_after_and_the_status_page()
    {
        await using var app = await StartWithLimitsAsync(BurstOfThree);
        var client = app.CreateAnonymousClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        }
        var refused = await client.GetAsync("/login");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var seconds = RetryAfter(refused);
        Assert.InRange(seconds, 1, 3600);
        var page = await refused.ReadHtmlAsync();
        Assert.Equal("Too many requests", page.QuerySelector("h1")!.ReadText());
        Assert.Contains($"Please wait {seconds} seconds", page.Body!.ReadText());
    }

    [Fact]
    public async Task Static_files_and_health_checks_are_not_limited()
    {
        await using var app = await StartWithLimitsAsync(BurstOfThree);
        var client = app.CreateAnonymousClient();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/css/site.css")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
    }

    [Fact]
    public async Task An_htmx_request_over_the_limit_gets_a_notice_retargeted_to_the_live_region()
    {
        await using var app = await StartWithLimitsAsync(BurstOfThree);
        var client = app.CreateAnonymousClient();
        for (var i = 0; i < 3; i++)
        {
            await client.GetAsync("/login");
        }

        var refused = await client.SendAsync(Htmx("/login"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(RetryAfter(refused) >= 1);
        Assert.Equal("#notices", refused.Headers.GetValues("HX-Retarget").Single());
        Assert.Equal("innerHTML", refused.Headers.GetValues("HX-Reswap").Single());
        var body = await refused.Content.ReadAsStringAsync();
        Assert.True(Html.IsFragment(body));
        Assert.StartsWith("Too many requests. Please wait", Html.Parse(body).ByTestId("notice")!.ReadText());
    }

    [Fact]
    public async Task Minute_tier_refuses_the_request_after_its_count_with_retry_after_of_one_segment()
    {
        await using var app = await StartWithLimitsAsync(new Dictionary<string, string> { ["Requests:PerMinute"] = "3" });
        var client = app.CreateAnonymousClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        }
        var refused = await client.GetAsync("/login");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(10, RetryAfter(refused)); // a minute in six segments
    }

    [Fact]
    public async Task Hour_tier_refuses_the_request_after_its_count_with_retry_after_of_one_segment()
    {
        await using var app = await StartWithLimitsAsync(new Dictionary<string, string> { ["Requests:PerHour"] = "3" });
        var client = app.CreateAnonymousClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        }
        var refused = await client.SendAsync(Htmx("/login"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(300, RetryAfter(refused)); // an hour in twelve segments
    }

    [Fact]
    public async Task Sign_in_posts_have_their_own_stricter_tiers()
    {
        await using var app = await StartWithLimitsAsync(new Dictionary<string, string>
        {
            ["Login:Burst"] = "2", ["Login:BurstRefill"] = "1", ["Login:BurstPeriod"] = "01:00:00",
        });
        var client = app.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ErpApp.PostLoginAsync(client, "nobody@erp.local", "wrong-password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ErpApp.PostLoginAsync(client, "nobody@erp.local", "wrong-password-2")).StatusCode);
        var refused = await ErpApp.PostLoginAsync(client, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(RetryAfter(refused) >= 1);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode); // other requests keep their own tiers
    }

    [Fact]
    public async Task The_API_token_endpoint_and_a_trailing_slash_share_the_sign_in_tiers()
    {
        await using var app = await StartWithLimitsAsync(new Dictionary<string, string>
        {
            ["Login:Burst"] = "2", ["Login:BurstRefill"] = "1", ["Login:BurstPeriod"] = "01:00:00",
        });
        var client = app.CreateAnonymousClient();
        HttpContent Token() => new StringContent("""{"email":"nobody@erp.local","password":"wrong-password"}""",
            System.Text.Encoding.UTF8, "application/json");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/v1/auth/token", Token())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/v1/auth/token/", Token())).StatusCode);
        var refused = await client.PostAsync("/API/v1/auth/token", Token());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(RetryAfter(refused) >= 1);
    }

    [Fact]
    public async Task Signed_in_users_are_limited_each_on_their_own()
    {
        await using var app = await StartWithLimitsAsync(new Dictionary<string, string>
        {
            ["Requests:Burst"] = "4", ["Requests:BurstRefill"] = "1", ["Requests:BurstPeriod"] = "01:00:00",
        });
        var admin = await app.SignInAsync();
        var employee = await app.SignInAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/customers/new")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await admin.GetAsync("/customers/new")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await employee.GetAsync("/customers/new")).StatusCode);
    }

    [Fact]
    public async Task A_request_the_status_pages_re_execute_is_counted_once()
    {
        await using var app = await StartWithLimitsAsync(new Dictionary<string, string>
        {
            ["Requests:Burst"] = "4", ["Requests:BurstRefill"] = "1", ["Requests:BurstPeriod"] = "01:00:00",
        });
        var client = await app.SignInAsync(); // one request (GET /login) from the anonymous budget, the rest is the user's

        for (var i = 0; i < 4; i++)
        {
            var missing = await client.GetAsync("/customers/999999999");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("Not found", (await missing.ReadHtmlAsync()).QuerySelector("h1")!.ReadText());
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/customers/999999999")).StatusCode);
    }

    [Fact]
    public async Task Api_requests_are_limited_too_and_refused_as_problem_json()
    {
        await using var app = await StartWithLimitsAsync(new Dictionary<string, string>
        {
            ["Requests:Burst"] = "1", ["Requests:BurstRefill"] = "1", ["Requests:BurstPeriod"] = "01:00:00",
        });
        var client = app.CreateAnonymousClient();
        await client.GetAsync("/api/v1/orders");

        var refused = await client.GetAsync("/api/v1/orders");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(RetryAfter(refused) >= 1);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.StartsWith("Too many requests.", problem.RootElement.GetProperty("detail").GetString());
    }
}
