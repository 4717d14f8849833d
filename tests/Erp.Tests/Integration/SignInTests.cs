using System.Net;
using Erp.Data.Users;
using Erp.Tests.Support;
using Erp.Web.Hosting;
using Erp.Web.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class SignInTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    [Fact]
    public async Task Good_password_signs_in_and_lands_on_the_dashboard()
    {
        var client = App.CreateAnonymousClient();
        var response = await ErpApp.PostLoginAsync(client, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var orders = await client.GetAsync("/orders");
        Assert.Equal(HttpStatusCode.OK, orders.StatusCode);
    }

    [Fact]
    public async Task Sign_in_returns_to_the_local_page_asked_for_but_never_to_another_site()
    {
        var client = App.CreateAnonymousClient();
        var token = await ErpApp.AntiforgeryTokenAsync(client, "/login");
        async Task<string?> SignIn(string returnUrl) => (await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = DemoUsers.EmployeeEmail,
            ["Input.Password"] = ErpApp.EmployeePassword,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        }))).Headers.Location?.OriginalString;

        Assert.Equal("/customers", await SignIn("/customers"));
        token = await ErpApp.AntiforgeryTokenAsync(client, "/login");
        Assert.Equal("/", await SignIn("https://evil.example/"));
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_message_and_no_cookie()
    {
        var client = App.CreateAnonymousClient();
        var response = await ErpApp.PostLoginAsync(client, DemoUsers.AdminEmail, "wrong-password");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(LoginModel.InvalidCredentials, (await response.ReadHtmlAsync()).Alerts());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/orders")).StatusCode);
    }

    [Fact]
    public async Task Unknown_user_gets_the_same_message_as_a_wrong_password()
    {
        var client = App.CreateAnonymousClient();
        var response = await ErpApp.PostLoginAsync(client, "nobody@erp.local", "whatever-password");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(LoginModel.InvalidCredentials), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Empty_form_is_a_422_with_field_errors_next_to_the_fields()
    {
        var client = App.CreateAnonymousClient();
        var response = await ErpApp.PostLoginAsync(client, "", "");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Enter your email.", html);
        Assert.Contains("Enter your password.", html);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var client = await App.SignInAsync();
        var token = await ErpApp.AntiforgeryTokenAsync(client, "/orders");

        var response = await client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetAsync("/orders");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/login", after.Headers.Location?.PathAndQuery ?? after.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Sign_out_without_antiforgery_token_is_refused()
    {
        var client = await App.SignInAsync();
        var response = await client.PostAsync("/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        var hasher = App.Services.GetRequiredService<IPasswordHasher<UserRecord>>();
        await App.Services.GetRequiredService<UserStore>()
            .CreateAsync(new NewUser("lockme@erp.local", "Lock Me", Roles.Employee, hasher.HashPassword(null!, "Right-password-1")), CancellationToken.None);
        var client = App.CreateAnonymousClient();

        for (var i = 0; i < 5; i++)
        {
            await ErpApp.PostLoginAsync(client, "lockme@erp.local", "wrong");
        }
        var response = await ErpApp.PostLoginAsync(client, "lockme@erp.local", "Right-password-1");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(LoginModel.InvalidCredentials), await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await App.Database.ScalarAsync<int>(
            "SELECT COUNT(*) FROM users WHERE email = 'lockme@erp.local' AND locked_until > UTC_TIMESTAMP(6)"));
    }
}
