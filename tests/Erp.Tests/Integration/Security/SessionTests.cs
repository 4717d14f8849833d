using System.Net;
using Erp.Tests.Support;
using Erp.Web.Security;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Erp.Tests.Integration.Security;

/// <summary>
/// The session rule on a clock the test moves: a change this node did not see (another node, or
/// the database edited by hand) ends a session once the per-user check interval has passed, not before.
/// </summary>
public sealed class SessionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ErpApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await ErpApp.StartAsync(seedOrders: 0,
            configure: b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_time)));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task ChangeStampBehindTheAppsBackAsync(string email) =>
        _app.Database.ExecuteAsync("UPDATE users SET security_stamp = REPLACE(UUID(), '-', '') WHERE email = @email", new { email });

    [Fact]
    public async Task A_stamp_changed_elsewhere_ends_the_session_within_the_check_interval_and_not_before()
    {
        var client = await _app.SignInAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders")).StatusCode);

        await ChangeStampBehindTheAppsBackAsync(DemoUsers.EmployeeEmail);
        _time.Advance(Sessions.CheckInterval - TimeSpan.FromSeconds(1));
        var beforeTheCheck = await client.GetAsync("/orders");
        _time.Advance(TimeSpan.FromSeconds(2));
        var afterTheCheck = await client.GetAsync("/orders");

        Assert.Equal(HttpStatusCode.OK, beforeTheCheck.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, afterTheCheck.StatusCode);
        Assert.StartsWith("/login", afterTheCheck.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/customers")).StatusCode); // the cookie is gone for good
    }

    [Fact]
    public async Task A_stale_session_asked_by_htmx_gets_401_and_HX_Redirect_to_sign_in()
    {
        var client = await _app.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetHtmxAsync("/orders")).StatusCode);

        await _app.Database.ExecuteAsync("UPDATE users SET disabled_at = UTC_TIMESTAMP(6) WHERE email = @email", new { email = DemoUsers.AdminEmail });
        _time.Advance(Sessions.CheckInterval);
        var response = await client.GetHtmxAsync("/orders");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("/login", response.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task A_change_made_through_this_node_ends_the_session_at_once()
    {
        var user = await _app.SignInAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        var id = await _app.Database.ScalarAsync<long>("SELECT id FROM users WHERE email = @email", new { email = DemoUsers.EmployeeEmail });
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/orders")).StatusCode);

        await (await _app.AdminAsync()).PostFormAsync("/admin/users?handler=Disable", new Dictionary<string, string> { ["UserId"] = id.ToString() });

        Assert.Equal(HttpStatusCode.Redirect, (await user.GetAsync("/orders")).StatusCode);
    }
}
