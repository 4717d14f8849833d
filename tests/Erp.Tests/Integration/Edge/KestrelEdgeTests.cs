using System.Net;
using System.Text;
using Erp.Tests.Support;
using Erp.Web.Pages;

namespace Erp.Tests.Integration.Edge;

/// <summary>
/// What needs a real socket (the in-memory test server has no client address): the sign-in limits
/// per address and per account, forwarded headers believed only from configured proxies, body limits
/// enforced by Kestrel, and no Server header.
/// </summary>
public sealed class KestrelEdgeTests
{
    private static HttpClient Client(ErpApp app, string? forwardedFor = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = app.ServerAddress,
        };
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
        return client;
    }

    private static async Task<(HttpStatusCode Status, string? Error)> SignInAsync(HttpClient client, string email, string password)
    {
        var response = await ErpApp.PostLoginAsync(client, email, password);
        var error = response.StatusCode == HttpStatusCode.Redirect ? null : (await response.ReadHtmlAsync()).Alerts().FirstOrDefault();
        return (response.StatusCode, error);
    }

    private static readonly (HttpStatusCode, string?) Refused = (HttpStatusCode.UnprocessableEntity, LoginModel.InvalidCredentials);

    [Fact]
    public async Task Too_many_failed_sign_ins_from_one_address_block_it_with_the_usual_message_and_other_addresses_still_sign_in()
    {
        await using var app = await RateLimitTests.StartWithLimitsAsync(new Dictionary<string, string> { ["LoginFailuresPerHour"] = "3" },
            kestrel: true, configure: b => b.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));
        var attacker = Client(app, "203.0.113.5");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Refused, await SignInAsync(attacker, $"nobody{i}@erp.local", "wrong-password"));
        }

        Assert.Equal(Refused, await SignInAsync(attacker, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword));
        // Through the same trusted proxy, another client address is its own: X-Forwarded-For is believed.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(Client(app, "198.51.100.7"), DemoUsers.EmployeeEmail, ErpApp.EmployeePassword)).Status);
    }

    [Fact]
    public async Task Failed_sign_ins_from_one_IPv6_network_count_together_whichever_of_its_addresses_they_come_from()
    {
        await using var app = await RateLimitTests.StartWithLimitsAsync(new Dictionary<string, string> { ["LoginFailuresPerHour"] = "3" },
            kestrel: true, configure: b => b.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));

        // Three addresses of one /64 (an IPv6 customer has 2^64 of them): one budget.
        foreach (var address in new[] { "2001:db8:1:2::1", "2001:db8:1:2::a", "2001:db8:1:2:ffff::7" })
        {
            Assert.Equal(Refused, await SignInAsync(Client(app, address), "nobody@erp.local", "wrong-password"));
        }

        Assert.Equal(Refused, await SignInAsync(Client(app, "2001:db8:1:2::99"), DemoUsers.EmployeeEmail, ErpApp.EmployeePassword));
        // The next /64 is another client.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(Client(app, "2001:db8:1:3::1"), DemoUsers.EmployeeEmail, ErpApp.EmployeePassword)).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10.9.9.9")] // another proxy is configured: loopback, trusted by ASP.NET Core's defaults, is not
    public async Task A_forwarded_for_header_from_an_address_that_is_not_a_configured_proxy_is_ignored(string? proxy)
    {
        await using var app = await RateLimitTests.StartWithLimitsAsync(new Dictionary<string, string> { ["LoginFailuresPerHour"] = "3" },
            kestrel: true, configure: b =>
            {
                if (proxy is not null)
                {
                    b.UseSetting("ForwardedHeaders:KnownProxies:0", proxy);
                }
            });
        var attacker = Client(app, "203.0.113.5");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Refused, await SignInAsync(attacker, $"nobody{i}@erp.local", "wrong-password"));
        }

        // A new X-Forwarded-For does not make a new client: the address is still the socket's (loopback is not trusted by default).
        Assert.Equal(Refused, await SignInAsync(Client(app, "198.51.100.7"), DemoUsers.EmployeeEmail, ErpApp.EmployeePassword));
    }

    [Fact]
    public async Task A_locked_account_is_refused_with_the_usual_message_from_any_address()
    {
        await using var app = await RateLimitTests.StartWithLimitsAsync(new Dictionary<string, string>(), kestrel: true, configure: b =>
        {
            b.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
            b.UseSetting("Auth:MaxFailedAttempts", "3");
        });
        var attacker = Client(app, "203.0.113.5");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Refused, await SignInAsync(attacker, DemoUsers.EmployeeEmail, $"wrong-password-{i}"));
        }

        Assert.Equal(Refused, await SignInAsync(Client(app, "198.51.100.7"), DemoUsers.EmployeeEmail, ErpApp.EmployeePassword));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(Client(app, "198.51.100.7"), DemoUsers.AdminEmail, ErpApp.AdminPassword)).Status);
    }

    [Fact]
    public async Task Oversized_bodies_get_413_for_pages_htmx_chunked_bodies_and_csp_reports()
    {
        await using var app = await ErpApp.StartAsync(seedOrders: 0, kestrel: true, configure: b =>
        {
            b.UseSetting("BodyLimits:Forms", "2048");
            b.UseSetting("BodyLimits:Reports", "512");
        });
        var client = Client(app);
        var large = new string('x', 4096);
        FormUrlEncodedContent Form() => new(new Dictionary<string, string> { ["Input.Email"] = "a@erp.local", ["Input.Password"] = large });

        var page = await client.PostAsync("/login", Form());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.StatusCode);
        Assert.Equal("Request too large", (await page.ReadHtmlAsync()).QuerySelector("h1")!.ReadText());

        var htmx = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = Form() };
        htmx.Headers.Add("HX-Request", "true");
        var fragment = await client.SendAsync(htmx);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, fragment.StatusCode);
        Assert.Equal("#notices", fragment.Headers.GetValues("HX-Retarget").Single());

        var chunked = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("Input.Password=" + large))) };
        chunked.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        chunked.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(chunked)).StatusCode);

        var report = await client.PostAsync("/csp-report", new StringContent(new string('r', 1024), Encoding.UTF8, "application/csp-report"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, report.StatusCode);

        // Within the limits, the same requests are served as usual.
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/csp-report", new StringContent("{}", Encoding.UTF8, "application/csp-report"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ErpApp.PostLoginAsync(client, "nobody@erp.local", "wrong-password")).StatusCode);
    }

    [Fact]
    public async Task Answers_over_kestrel_name_no_server()
    {
        await using var app = await ErpApp.StartAsync(seedOrders: 0, kestrel: true);

        var response = await Client(app).GetAsync("/login");

        Assert.Empty(response.Headers.Server);
        SecurityHeaderTests.AssertSecurityHeaders(response, "/login");
    }
}
