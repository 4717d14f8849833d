using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Erp.Data.Users;
using Erp.Tests.Support;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Erp.Tests.Integration.Edge;

/// <summary>
/// The rate limits of the JSON API are per user for a valid bearer token, like the pages' per signed-in user, and per
/// client address for everything else, a forged or expired token included (src/Erp.Web/Security/RateLimits.cs,
/// Authentication.SelectorScheme). The schemes stay apart: a token opens no page, the cookie calls no API.
/// </summary>
public sealed class ApiRateLimitTests
{
    private const string SigningKey = "api-rate-tests-only-signing-key-0123456789";
    private const string List = "/api/v1/customers?limit=1";

    private static readonly Dictionary<string, string> BurstOfThree = new()
    {
        ["Requests:Burst"] = "3", ["Requests:BurstRefill"] = "1", ["Requests:BurstPeriod"] = "01:00:00",
    };

    private static Task<ErpApp> StartAsync(bool kestrel, Action<IWebHostBuilder>? configure = null) =>
        RateLimitTests.StartWithLimitsAsync(BurstOfThree, kestrel, b =>
        {
            b.UseSetting("Jwt:SigningKey", SigningKey);
            if (kestrel)
            {
                b.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
            }
            configure?.Invoke(b);
        });

    /// <summary>A client on the real socket, arriving through the trusted proxy from <paramref name="forwardedFor"/>.</summary>
    private static HttpClient From(ErpApp app, string forwardedFor, string? token = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = app.ServerAddress,
        };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    private static async Task<string> TokenAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    private static HttpClient Bearer(ErpApp app, string token)
    {
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Two_api_users_from_the_same_address_have_budgets_of_their_own()
    {
        await using var app = await StartAsync(kestrel: false); // the in-memory server: every request comes from the same (no) address
        var admin = Bearer(app, await TokenAsync(app.CreateAnonymousClient(), DemoUsers.AdminEmail, ErpApp.AdminPassword));
        var employee = Bearer(app, await TokenAsync(app.CreateAnonymousClient(), DemoUsers.EmployeeEmail, ErpApp.EmployeePassword));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(List)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await admin.GetAsync(List)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await employee.GetAsync(List)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateAnonymousClient().GetAsync("/login")).StatusCode); // the address's own budget
    }

    [Fact]
    public async Task One_api_users_budget_is_shared_across_client_addresses()
    {
        await using var app = await StartAsync(kestrel: true);
        var token = await TokenAsync(From(app, "192.0.2.1"), DemoUsers.AdminEmail, ErpApp.AdminPassword);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await From(app, "203.0.113.5", token).GetAsync(List)).StatusCode);
        }
        var refused = await From(app, "198.51.100.7", token).GetAsync(List);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        // The new address has spent nothing of its own: without the token it is served.
        Assert.Equal(HttpStatusCode.OK, (await From(app, "198.51.100.7").GetAsync("/login")).StatusCode);
    }

    [Fact]
    public async Task Forged_and_expired_tokens_are_limited_per_address_with_one_token_check_each_and_never_spend_their_users_budget()
    {
        var failedChecks = 0;
        await using var app = await StartAsync(kestrel: true, b => b.ConfigureServices(services =>
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                var inner = o.Events.OnAuthenticationFailed;
                o.Events.OnAuthenticationFailed = ctx =>
                {
                    Interlocked.Increment(ref failedChecks);
                    return inner(ctx);
                };
            })));
        var admin = (await app.Services.GetRequiredService<UserStore>().FindByEmailAsync(DemoUsers.AdminEmail, CancellationToken.None))!;
        var now = DateTime.UtcNow;
        // The admin's own id, role and stamp: a limiter that read the unverified token would charge the admin for these.
        string[] bad =
        [
            Forge(admin, now, now.AddMinutes(10), "a-different-signing-key-0123456789abcdefgh"),
            Forge(admin, now.AddMinutes(-20), now.AddMinutes(-5), SigningKey),
            Forge(admin, now, now.AddMinutes(10), "yet-another-signing-key-0123456789abcdefgh"),
        ];

        foreach (var token in bad)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await From(app, "203.0.113.5", token).GetAsync(List)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await From(app, "203.0.113.5", bad[1]).GetAsync(List)).StatusCode);
        Assert.Equal(4, failedChecks); // once per request, the refused one included, never twice

        // Another address: the admin's real token has the admin's whole budget; a forged one is that address's.
        var real = await TokenAsync(From(app, "192.0.2.1"), DemoUsers.AdminEmail, ErpApp.AdminPassword);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await From(app, "198.51.100.7", real).GetAsync(List)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await From(app, "198.51.100.7", bad[0]).GetAsync(List)).StatusCode);
    }

    [Fact]
    public async Task With_the_limiter_on_a_token_still_opens_no_page_and_the_sign_in_cookie_still_calls_no_api()
    {
        await using var app = await StartAsync(kestrel: true);
        var token = await TokenAsync(From(app, "192.0.2.1"), DemoUsers.AdminEmail, ErpApp.AdminPassword);

        var page = await From(app, "192.0.2.2", token).GetAsync("/orders");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery());

        var cookie = From(app, "192.0.2.3");
        Assert.Equal(HttpStatusCode.Redirect, (await ErpApp.PostLoginAsync(cookie, DemoUsers.AdminEmail, ErpApp.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/customers/new")).StatusCode);
        var api = await cookie.GetAsync(List);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    private static string Forge(UserRecord user, DateTime issued, DateTime expires, string key) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "erp",
            Audience = "erp-api",
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["role"] = user.Role,
                ["erp:security-stamp"] = user.SecurityStamp,
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
}

internal static class UriPaths
{
    /// <summary>A Location header's path and query, whether it is absolute or relative.</summary>
    public static string PathAndQuery(this Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
}
