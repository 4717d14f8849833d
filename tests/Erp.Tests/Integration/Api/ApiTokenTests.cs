using System.Net;
using System.Security.Claims;
using System.Text;
using Erp.Data.Users;
using Erp.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Erp.Tests.Integration.Api;

[Collection(ApiCollection.Name)]
public sealed class ApiTokenTests(ApiFixture fixture)
{
    private ErpApp App => fixture.App;

    [Fact]
    public async Task Right_credentials_get_a_bearer_token_of_at_most_15_minutes_that_reads_the_api()
    {
        var response = await App.PostTokenAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var body = await Api.JsonAsync(response);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.InRange(body.GetProperty("expires_in").GetInt32(), 1, 900);
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.InRange((token.ValidTo - token.IssuedAt).TotalMinutes, 1, 15);
        Assert.Equal("erp", token.Issuer);
        Assert.Equal(HttpStatusCode.OK, (await App.Bearer(token.EncodedToken).GetAsync("/api/v1/orders?limit=1")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_a_401_problem_and_counts_towards_the_lockout_like_the_sign_in_page()
    {
        var (email, id) = await NewUserAsync("Api-lockout-password-1");
        var failedBefore = await App.Database.ScalarAsync<int>("SELECT failed_logins FROM users WHERE id = @id", new { id });

        var response = await App.PostTokenAsync(email, "not-the-password");

        var problem = await Api.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("The email or password is not correct.", problem.GetProperty("detail").GetString());
        Assert.Equal(failedBefore + 1, await App.Database.ScalarAsync<int>("SELECT failed_logins FROM users WHERE id = @id", new { id }));
        await Api.ProblemAsync(await App.PostTokenAsync("nobody@erp.test", "whatever-password"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_locked_account_gets_no_token_even_with_the_right_password()
    {
        var (email, id) = await NewUserAsync("Api-locked-password-1");
        for (var i = 0; i < 5; i++)
        {
            await App.PostTokenAsync(email, "wrong-password-" + i);
        }

        await Api.ProblemAsync(await App.PostTokenAsync(email, "Api-locked-password-1"), HttpStatusCode.Unauthorized);
        Assert.NotNull(await App.Database.ScalarAsync<DateTime?>("SELECT locked_until FROM users WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task A_token_request_without_fields_or_with_bad_json_is_a_problem_not_a_500()
    {
        var client = App.CreateAnonymousClient();

        var missing = await Api.ProblemAsync(await client.PostAsync("/api/v1/auth/token", Api.Json("{}")), HttpStatusCode.UnprocessableEntity);
        Assert.True(missing.GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(missing.GetProperty("errors").TryGetProperty("password", out _));
        await Api.ProblemAsync(await client.PostAsync("/api/v1/auth/token", Api.Json("{\"email\": ")), HttpStatusCode.BadRequest);
        await Api.ProblemAsync(await client.PostAsync("/api/v1/auth/token", new StringContent("email=a", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType);
    }

    public static TheoryData<string> ForgedTokens => ["expired", "issuer", "audience", "signature", "none", "garbage"];

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task Expired_foreign_or_forged_tokens_are_refused_with_401_problem(string kind)
    {
        var user = await App.Services.GetRequiredService<UserStore>().FindByEmailAsync(DemoUsers.AdminEmail, CancellationToken.None);
        var now = DateTime.UtcNow;
        var token = kind switch
        {
            "expired" => Forge(user!, now.AddMinutes(-20), now.AddMinutes(-5)),
            "issuer" => Forge(user!, now, now.AddMinutes(10), issuer: "someone-else"),
            "audience" => Forge(user!, now, now.AddMinutes(10), audience: "another-api"),
            "signature" => Forge(user!, now, now.AddMinutes(10), key: "a-different-signing-key-0123456789abcdefgh"),
            "none" => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = "erp", Audience = "erp-api", Expires = now.AddMinutes(10), Claims = Claims(user!),
            }),
            _ => "not.a.token",
        };
        // The control: the same forging with the app's own key, issuer and audience is accepted.
        Assert.Equal(HttpStatusCode.OK, (await App.Bearer(Forge(user!, now, now.AddMinutes(10))).GetAsync("/api/v1/customers?limit=1")).StatusCode);

        var response = await App.Bearer(token).GetAsync("/api/v1/customers?limit=1");

        await Api.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task The_sign_in_cookie_gives_no_api_access()
    {
        var cookieClient = await App.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await cookieClient.GetAsync("/orders")).StatusCode);

        await Api.ProblemAsync(await cookieClient.GetAsync("/api/v1/orders"), HttpStatusCode.Unauthorized);
        await Api.ProblemAsync(await cookieClient.PostAsync("/api/v1/orders", Api.Json("{}")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_loads_no_page()
    {
        var client = await App.ApiClientAsync();

        var page = await client.GetAsync("/orders");
        var admin = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location?.OriginalString.Replace("http://localhost", ""));
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
    }

    [Fact]
    public async Task A_disabled_users_token_stops_working()
    {
        var (email, id) = await NewUserAsync("Api-disabled-password-1");
        var client = App.Bearer(await App.TokenAsync(email, "Api-disabled-password-1"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/products?limit=1")).StatusCode);
        var adminId = await App.Database.ScalarAsync<long>("SELECT id FROM users WHERE email = @email", new { email = DemoUsers.AdminEmail });

        await App.Services.GetRequiredService<UserStore>().DisableAsync(adminId, id, CancellationToken.None);

        await Api.ProblemAsync(await client.GetAsync("/api/v1/products?limit=1"), HttpStatusCode.Unauthorized);
        await Api.ProblemAsync(await App.PostTokenAsync(email, "Api-disabled-password-1"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Without_a_token_every_api_route_but_the_token_endpoint_is_a_401_problem()
    {
        var client = App.CreateAnonymousClient();
        string[] gets = ["/api/v1/customers", "/api/v1/products", "/api/v1/orders", "/api/v1/invoices",
            "/api/v1/customers/1", "/api/v1/products/1", "/api/v1/orders/1", "/api/v1/invoices/1"];
        string[] posts = ["/api/v1/orders", "/api/v1/orders/1/confirm", "/api/v1/orders/1/ship", "/api/v1/orders/1/cancel", "/api/v1/orders/1/invoice"];

        foreach (var url in gets)
        {
            await Api.ProblemAsync(await client.GetAsync(url), HttpStatusCode.Unauthorized);
        }
        foreach (var url in posts)
        {
            await Api.ProblemAsync(await client.SendAsync(Api.Post(url, ifMatch: "\"1\"")), HttpStatusCode.Unauthorized);
        }
    }

    private async Task<(string Email, long Id)> NewUserAsync(string password)
    {
        var email = $"api-{Guid.NewGuid():N}@erp.test";
        var hash = new PasswordHasher<UserRecord>().HashPassword(null!, password);
        var created = await App.Services.GetRequiredService<UserStore>().CreateAsync(new NewUser(email, "API user", Roles.Employee, hash), CancellationToken.None);
        return (email, created.Row!.Id);
    }

    private static Dictionary<string, object> Claims(UserRecord user) => new()
    {
        ["sub"] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["role"] = user.Role,
        ["erp:security-stamp"] = user.SecurityStamp,
    };

    private static string Forge(UserRecord user, DateTime issued, DateTime expires, string issuer = "erp", string audience = "erp-api",
        string key = ApiFixture.SigningKey) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires,
            Claims = Claims(user),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
}
