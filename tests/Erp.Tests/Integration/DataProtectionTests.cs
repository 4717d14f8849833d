using System.Net;
using Erp.Tests.Support;
using Erp.Web.Hosting;
using Erp.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Erp.Tests.Integration;

public sealed class DataProtectionTests
{
    [Fact]
    public async Task A_restarted_node_on_the_same_database_accepts_the_sign_in_cookie()
    {
        await using var first = await ErpApp.StartAsync(seedOrders: 0);
        var cookie = await SignInCookieAsync(first);

        // A second app instance: its own process state, but the key ring comes from the same database.
        await using var second = new ErpApp(first.Database);
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.Add("Cookie", cookie);
        var response = await second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await first.Database.ScalarAsync<int>("SELECT COUNT(*) FROM data_protection_keys") >= 1);
    }

    /// <summary>Signs in with cookies handled by hand, so the auth cookie can be carried to another node.</summary>
    private static async Task<string> SignInCookieAsync(ErpApp app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var login = await client.GetAsync("/login");
        var antiforgeryCookie = login.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        var token = (await login.ReadHtmlAsync()).AntiforgeryToken()!;
        var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = DemoUsers.EmployeeEmail,
                ["Input.Password"] = ErpApp.EmployeePassword,
                ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);

        var response = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(Authentication.CookieName + "=")).Split(';')[0];
    }
}
