using System.Net;
using System.Text.Json;
using Erp.Data.Users;
using Erp.Tests.Integration.Security;
using Erp.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Audit;

/// <summary>
/// Business events in the audit trail (ADR 0018), each after the real action over HTTP: the row's entity, id,
/// action, actor and details. (invoice_emailed: InvoiceJobsTests; export_run: ExportJobTests; chain_verified:
/// VerifyChainTests.)
/// </summary>
[Collection(AuditCollection.Name)]
public sealed class BusinessEventTests(AuditAppFixture fixture)
{
    private const string Password = "Correct-horse-battery-7";
    private ErpApp App => fixture.App;

    public sealed record EventRow(long Id, string Entity, long? EntityId, string Action, long? ActorId, string ActorName, string? ClientIp,
        string? Changes)
    {
        public JsonElement Details => JsonDocument.Parse(Changes ?? "{}").RootElement;
    }

    private async Task<IReadOnlyList<EventRow>> EventsAsync(string action, long? entityId) => [.. await App.Database.QueryAsync<EventRow>("""
        SELECT id, entity, entity_id AS EntityId, action, actor_id AS ActorId, actor_name AS ActorName, client_ip AS ClientIp, changes
        FROM audit_log WHERE action = @action AND entity_id <=> @entityId ORDER BY id
        """, new { action, entityId })];

    private async Task<(long Id, string Email)> UserAsync(string role = Roles.Employee)
    {
        var email = $"events-{Guid.NewGuid():N}@erp.local";
        var hasher = App.Services.GetRequiredService<IPasswordHasher<UserRecord>>();
        var created = await App.Services.GetRequiredService<UserStore>()
            .CreateAsync(new NewUser(email, "Event User", role, hasher.HashPassword(null!, Password)), CancellationToken.None);
        return (created.Row!.Id, email);
    }

    private Task<long> AdminIdAsync() =>
        App.Database.ScalarAsync<long>("SELECT id FROM users WHERE email = @email", new { email = Erp.Data.Seeding.DemoUsers.AdminEmail });

    [Fact]
    public async Task Signing_in_records_sign_in_acted_by_the_user_who_signed_in()
    {
        var (id, email) = await UserAsync();

        await App.SignInAsync(email, Password);

        var row = Assert.Single(await EventsAsync("sign_in", id));
        Assert.Equal(("user", id, "Event User"), (row.Entity, row.ActorId!.Value, row.ActorName));
    }

    [Fact]
    public async Task A_wrong_password_records_sign_in_failed_about_the_account_acted_by_the_anonymous_client_without_the_password()
    {
        var (id, email) = await UserAsync();

        var response = await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, "Wrong-password-typed-9");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var row = Assert.Single(await EventsAsync("sign_in_failed", id));
        Assert.Equal(("user", (long?)null, "anonymous"), (row.Entity, row.ActorId, row.ActorName));
        Assert.Equal(SignInFailure.WrongPassword, row.Details.GetProperty("reason").GetString());
        Assert.DoesNotContain("Wrong-password-typed-9", row.Changes);
    }

    [Fact]
    public async Task An_unknown_account_records_sign_in_failed_without_an_id_or_the_typed_email_and_answers_like_a_wrong_password()
    {
        var typed = $"nobody-{Guid.NewGuid():N}@erp.local";
        var before = await App.Database.ScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM audit_log");

        var unknown = await (await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), typed, "Whatever-typed-1")).DocumentAsync();
        var (_, email) = await UserAsync();
        var wrong = await (await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, "Whatever-typed-1")).DocumentAsync();

        var row = Assert.Single(await EventsAsync("sign_in_failed", null), r => r.Id > before);
        Assert.Equal(("anonymous", SignInFailure.UnknownAccount), (row.ActorName, row.Details.GetProperty("reason").GetString()));
        Assert.DoesNotContain(typed, row.Changes);
        Assert.Equal(wrong.Alerts(), unknown.Alerts()); // what the client sees does not say whether the account exists
    }

    [Fact]
    public async Task The_failed_sign_in_that_reaches_the_limit_records_one_lockout()
    {
        var (id, email) = await UserAsync();

        for (var i = 0; i < 6; i++) // the limit is 5; the sixth attempt finds the account locked already
        {
            await ErpApp.PostLoginAsync(App.CreateAnonymousClient(), email, $"Wrong-password-{i}-x");
        }

        var lockout = Assert.Single(await EventsAsync("lockout", id));
        Assert.Equal(("user", "anonymous", 5), (lockout.Entity, lockout.ActorName, lockout.Details.GetProperty("failed_attempts").GetInt32()));
        Assert.Equal(6, (await EventsAsync("sign_in_failed", id)).Count);
    }

    [Fact]
    public async Task Signing_out_records_sign_out_acted_by_the_user()
    {
        var (id, email) = await UserAsync();
        var client = await App.SignInAsync(email, Password);

        var response = await client.PostFormAsync("/logout", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = Assert.Single(await EventsAsync("sign_out", id));
        Assert.Equal(("user", id, "Event User"), (row.Entity, row.ActorId!.Value, row.ActorName));
    }

    [Fact]
    public async Task Creating_a_user_records_user_created_acted_by_the_admin()
    {
        var email = $"created-{Guid.NewGuid():N}@erp.local";
        var admin = await App.AdminAsync();

        await admin.PostFormAsync("/admin/users?handler=Create", new Dictionary<string, string>
        {
            ["NewUser.Name"] = "Created User",
            ["NewUser.Email"] = email,
            ["NewUser.Role"] = Roles.Employee,
            ["NewUser.Password"] = Password,
        });

        var id = await App.Database.ScalarAsync<long>("SELECT id FROM users WHERE email = @email", new { email });
        var row = Assert.Single(await EventsAsync("user_created", id));
        Assert.Equal(("user", await AdminIdAsync()), (row.Entity, row.ActorId!.Value));
        Assert.Equal((email, Roles.Employee), (row.Details.GetProperty("email").GetString(), row.Details.GetProperty("role").GetString()));
        Assert.DoesNotContain(Password, row.Changes);
    }

    [Fact]
    public async Task Changing_a_role_records_role_changed_with_before_and_after()
    {
        var (id, _) = await UserAsync();

        var response = await (await App.AdminAsync()).PostFormAsync("/admin/users?handler=Role",
            new Dictionary<string, string> { ["UserId"] = id.ToString(), ["Role"] = Roles.Admin });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = Assert.Single(await EventsAsync("role_changed", id));
        Assert.Equal(await AdminIdAsync(), row.ActorId);
        Assert.Equal((Roles.Employee, Roles.Admin), (row.Details.GetProperty("before").GetString(), row.Details.GetProperty("after").GetString()));
    }

    [Fact]
    public async Task Disabling_a_user_records_user_disabled_and_a_refused_disable_records_nothing()
    {
        var (id, _) = await UserAsync();
        var admin = await App.AdminAsync();

        await admin.PostFormAsync("/admin/users?handler=Disable", new Dictionary<string, string> { ["UserId"] = id.ToString() });
        var self = await AdminIdAsync();
        var refused = await admin.PostFormAsync("/admin/users?handler=Disable", new Dictionary<string, string> { ["UserId"] = self.ToString() });

        var row = Assert.Single(await EventsAsync("user_disabled", id));
        Assert.Equal(("user", self), (row.Entity, row.ActorId!.Value));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Empty(await EventsAsync("user_disabled", self));
    }
}
