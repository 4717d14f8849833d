using System.Net;
using AngleSharp.Dom;
using Erp.Data.Users;
using Erp.Tests.Support;
using Erp.Web.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Security;

/// <summary>Sign-in failures must not tell which accounts exist: unknown, wrong password, locked and disabled look the same.</summary>
[Collection(AppCollection.Name)]
public sealed class LoginMessageTests(ErpAppFixture fixture)
{
    private const string Password = "Right-password-2026";
    private ErpApp App => fixture.App;

    private async Task<string> UserAsync(string state)
    {
        var email = $"{state}-{Guid.NewGuid():N}@erp.local";
        var hasher = App.Services.GetRequiredService<IPasswordHasher<UserRecord>>();
        await App.Services.GetRequiredService<UserStore>()
            .CreateAsync(new NewUser(email, "Login Test", Roles.Employee, hasher.HashPassword(null!, Password)), CancellationToken.None);
        switch (state)
        {
            case "locked":
                await App.Database.ExecuteAsync("UPDATE users SET failed_logins = 5, locked_until = DATE_ADD(UTC_TIMESTAMP(6), INTERVAL 15 MINUTE) WHERE email = @email", new { email });
                break;
            case "disabled":
                await App.Database.ExecuteAsync("UPDATE users SET disabled_at = UTC_TIMESTAMP(6) WHERE email = @email", new { email });
                break;
        }
        return email;
    }

    /// <summary>The page's main content with what differs by nature (the typed e-mail, the antiforgery token) blanked.</summary>
    private static async Task<string> ComparableAsync(HttpResponseMessage response)
    {
        var main = (await response.DocumentAsync()).GetElementById("main")!;
        foreach (var input in main.QuerySelectorAll("input[name='Input.Email'], input[name='__RequestVerificationToken']"))
        {
            input.SetAttribute("value", "");
        }
        return main.OuterHtml;
    }

    [Fact]
    public async Task Unknown_user_wrong_password_locked_and_disabled_accounts_get_the_same_answer()
    {
        var cases = new (string Email, string Password)[]
        {
            ($"nobody-{Guid.NewGuid():N}@erp.local", Password),
            (await UserAsync("active"), "Wrong-password-2026"),
            (await UserAsync("locked"), Password),
            (await UserAsync("disabled"), Password),
        };

        var answers = new List<(HttpStatusCode Status, string Alert, string Main)>();
        foreach (var (email, password) in cases)
        {
            var response = await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, password);
            answers.Add((response.StatusCode, (await response.DocumentAsync()).Alert(), await ComparableAsync(response)));
        }

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.UnprocessableEntity, LoginModel.InvalidCredentials), (a.Status, a.Alert)));
        Assert.Single(answers.Select(a => a.Main).Distinct());
    }

    [Fact]
    public async Task Wrong_passwords_keep_counting_while_the_account_is_locked()
    {
        var email = await UserAsync("locked");

        await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, "Wrong-password-2026");
        await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, Password); // right, but locked: refused, not counted

        Assert.Equal(6, await App.Database.ScalarAsync<int>("SELECT failed_logins FROM users WHERE email = @email", new { email }));
    }
}
