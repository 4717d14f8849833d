using System.Net;
using Erp.Data.Users;
using Erp.Tests.Support;
using Erp.Web.Pages;
using Erp.Web.Pages.Admin.Users;
using Erp.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Security;

/// <summary>/admin/users: create, role, disable/enable, unlock, reset password, and the rules around them.</summary>
[Collection(AppCollection.Name)]
public sealed class UserAdministrationTests(ErpAppFixture fixture)
{
    private const string Password = "Correct-horse-battery-7";
    private ErpApp App => fixture.App;

    private static string UniqueEmail() => $"user-{Guid.NewGuid():N}@erp.local";

    private static Dictionary<string, string> NewUserFields(string email, string role = Roles.Employee, string password = Password) => new()
    {
        ["NewUser.Name"] = "Test User", ["NewUser.Email"] = email, ["NewUser.Role"] = role, ["NewUser.Password"] = password,
    };

    /// <summary>A user made directly in the store (the page's own create is tested below).</summary>
    private async Task<long> UserAsync(string email, string role = Roles.Employee)
    {
        var hasher = App.Services.GetRequiredService<IPasswordHasher<UserRecord>>();
        var result = await App.Services.GetRequiredService<UserStore>()
            .CreateAsync(new NewUser(email, "Test User", role, hasher.HashPassword(null!, Password)), CancellationToken.None);
        return result.Row!.Id;
    }

    private Task<HttpResponseMessage> ActAsync(HttpClient admin, string handler, long userId, bool htmx = false,
        params (string Name, string Value)[] fields) =>
        admin.PostFormAsync($"/admin/users?handler={handler}",
            new Dictionary<string, string>(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))) { ["UserId"] = userId.ToString() }, htmx);

    private static async Task<bool> StillSignedInAsync(HttpClient client) => (await client.GetAsync("/orders")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task Admin_creates_a_user_who_signs_in_with_the_typed_password_and_the_password_is_never_shown()
    {
        var email = UniqueEmail();
        var admin = await App.AdminAsync();

        var created = await admin.PostFormAsync("/admin/users?handler=Create", NewUserFields(email));
        var list = await admin.GetAsync(created.Headers.Location!.OriginalString);
        var body = await list.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var row = Assert.Single((await list.DocumentAsync()).AllByTestId("users-row"));
        Assert.Contains(email, row.TextContent);
        Assert.Equal("Active", row.ByTestId("user-status")!.TextContent.Trim());
        Assert.DoesNotContain(Password, body);
        Assert.Equal(HttpStatusCode.Redirect, (await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, Password)).StatusCode);
    }

    [Theory]
    [InlineData("short-pw-1", "at least 12 characters")]
    [InlineData("password1234", "too common")]
    [InlineData("QWERTYUIOP123", "too common")]
    [InlineData("", "Enter a password")]
    public async Task Create_user_refuses_a_weak_password_without_echoing_it(string password, string message)
    {
        var email = UniqueEmail();

        var response = await (await App.AdminAsync()).PostFormAsync("/admin/users?handler=Create", NewUserFields(email, password: password), htmx: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var form = await response.DocumentAsync();
        Assert.Contains(message, form.GetElementById("NewUser_Password-error")?.TextContent);
        Assert.Equal("", form.Labelled("Password")!.GetAttribute("value") ?? "");
        Assert.Equal(email, form.Labelled("Email")!.GetAttribute("value"));
        Assert.Equal(0, await App.Database.ScalarAsync<int>("SELECT COUNT(*) FROM users WHERE email = @email", new { email }));
    }

    [Fact]
    public async Task Create_user_refuses_the_email_as_password_an_unknown_role_and_a_taken_email()
    {
        var admin = await App.AdminAsync();
        var email = UniqueEmail();
        await UserAsync(email);

        var sameAsEmail = UniqueEmail();
        var emailPassword = await (await admin.PostFormAsync("/admin/users?handler=Create", NewUserFields(sameAsEmail, password: sameAsEmail), htmx: true)).DocumentAsync();
        var role = await (await admin.PostFormAsync("/admin/users?handler=Create", NewUserFields(UniqueEmail(), role: "owner"), htmx: true)).DocumentAsync();
        var taken = await admin.PostFormAsync("/admin/users?handler=Create", NewUserFields(email));

        Assert.Contains("too common", emailPassword.GetElementById("NewUser_Password-error")?.TextContent);
        Assert.Equal(UserMessages.UnknownRole, role.GetElementById("NewUser_Role-error")?.TextContent);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);
        Assert.Equal(UserMessages.EmailTaken, (await taken.DocumentAsync()).GetElementById("NewUser_Email-error")?.TextContent);
    }

    [Theory]
    [InlineData("Disable")]
    [InlineData("Role")]
    public async Task An_admin_cannot_disable_or_demote_themself(string handler)
    {
        var email = UniqueEmail();
        var id = await UserAsync(email, Roles.Admin);
        var self = await App.SignInAsync(email, Password);

        var htmx = await ActAsync(self, handler, id, htmx: true, ("Role", Roles.Employee));
        var plain = await ActAsync(self, handler, id, htmx: false, ("Role", Roles.Employee));

        Assert.Equal(HttpStatusCode.Conflict, htmx.StatusCode);
        var row = Assert.Single(await htmx.RowsAsync());
        Assert.Equal(UserMessages.NotYourself, row.Alert());
        Assert.Equal(HttpStatusCode.Conflict, plain.StatusCode);
        Assert.Equal(UserMessages.NotYourself, (await plain.DocumentAsync()).Alert());
        Assert.Equal((Roles.Admin, (DateTime?)null), (await App.Database.QueryAsync<(string, DateTime?)>(
            "SELECT role, disabled_at FROM users WHERE id = @id", new { id }))[0]);
        Assert.True(await StillSignedInAsync(self));
    }

    [Fact]
    public async Task Disabling_ends_the_users_session_and_sign_in_then_fails_with_the_usual_message_until_enabled()
    {
        var email = UniqueEmail();
        var id = await UserAsync(email);
        var user = await App.SignInAsync(email, Password);
        var admin = await App.AdminAsync();

        var disabled = await ActAsync(admin, "Disable", id, htmx: true);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal("Disabled", Assert.Single(await disabled.RowsAsync()).ByTestId("user-status")!.TextContent.Trim());
        Assert.False(await StillSignedInAsync(user));
        var refused = await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, Password);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(LoginModel.InvalidCredentials, (await refused.DocumentAsync()).Alert());

        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(admin, "Enable", id)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, Password)).StatusCode);
    }

    [Fact]
    public async Task A_role_change_ends_the_session_and_the_next_sign_in_has_the_new_role()
    {
        var email = UniqueEmail();
        var id = await UserAsync(email);
        var user = await App.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/admin/users")).StatusCode);

        var changed = await ActAsync(await App.AdminAsync(), "Role", id, fields: ("Role", Roles.Admin));

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.False(await StillSignedInAsync(user));
        var again = await App.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_the_session_and_only_the_new_password_signs_in()
    {
        const string newPassword = "A-brand-new-secret-2026";
        var email = UniqueEmail();
        var id = await UserAsync(email);
        var user = await App.SignInAsync(email, Password);
        var admin = await App.AdminAsync();

        var weak = await ActAsync(admin, "ResetPassword", id, htmx: true, ("NewPassword", "letmein"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        Assert.Contains("at least 12 characters", Assert.Single(await weak.RowsAsync()).Alert());
        Assert.True(await StillSignedInAsync(user));

        var reset = await ActAsync(admin, "ResetPassword", id, htmx: true, ("NewPassword", newPassword));

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.DoesNotContain(newPassword, await reset.Content.ReadAsStringAsync());
        Assert.False(await StillSignedInAsync(user));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, newPassword)).StatusCode);
    }

    [Fact]
    public async Task Unlock_lets_a_locked_out_user_sign_in_again()
    {
        var email = UniqueEmail();
        var id = await UserAsync(email);
        for (var i = 0; i < 5; i++)
        {
            await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, "wrong-password-" + i);
        }
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, Password)).StatusCode);
        var admin = await App.AdminAsync();
        var list = await (await admin.GetAsync($"/admin/users?sort=email&q={Uri.EscapeDataString(email)}")).DocumentAsync();
        Assert.Equal("Locked", list.ByTestId("users-row")!.ByTestId("user-status")!.TextContent.Trim());
        Assert.NotNull(list.ByTestId("users-row")!.Button("Unlock"));

        var unlocked = await ActAsync(admin, "Unlock", id);

        Assert.Equal(HttpStatusCode.Redirect, unlocked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, Password)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_user_or_role_is_refused_without_a_change()
    {
        var admin = await App.AdminAsync();
        var id = await UserAsync(UniqueEmail());

        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(admin, "Disable", 999_999_999, htmx: true)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/admin/users?handler=Enable",
            new Dictionary<string, string> { ["UserId"] = "not-a-number" }, htmx: true)).StatusCode);
        var role = await ActAsync(admin, "Role", id, htmx: true, ("Role", "root"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, role.StatusCode);
        Assert.Equal(Roles.Employee, await App.Database.ScalarAsync<string>("SELECT role FROM users WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task The_users_list_pages_with_a_cursor_and_filters_by_email_prefix()
    {
        var prefix = $"page-{Guid.NewGuid():N}"[..16];
        foreach (var n in new[] { "a", "b", "c" })
        {
            await UserAsync($"{prefix}-{n}@erp.local");
        }
        var admin = await App.AdminAsync();

        var first = await (await admin.GetAsync($"/admin/users?sort=email&q={prefix}&limit=2")).DocumentAsync();
        var rows = first.AllByTestId("users-row");
        var next = rows[^1].GetAttribute("data-next")!;
        var second = await admin.GetHtmxAsync(next);

        Assert.Equal(2, rows.Count);
        Assert.Equal([$"{prefix}-a@erp.local", $"{prefix}-b@erp.local"], rows.Select(r => r.Children[1].TextContent.Trim()));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal($"{prefix}-c@erp.local", Assert.Single(await second.RowsAsync()).Children[1].TextContent.Trim());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/admin/users?sort=password")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/admin/users?cursor=garbled")).StatusCode);
    }
}
