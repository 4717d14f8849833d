using System.Net;
using Erp.Data.Users;
using Erp.Tests.Support;
using Erp.Web.Hosting;
using Microsoft.AspNetCore.Identity;

namespace Erp.Tests.Integration.Security;

/// <summary>`add-user` end to end: the real executable on a fresh database, the password from stdin or the environment.</summary>
public sealed class AddUserCommandTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(int Exit, string Out, string Error)> RunAsync(string? stdin, string? passwordVariable, params string[] args)
    {
        // The variable is always set, empty when not given, so one in the test runner's environment never leaks in.
        var environment = new Dictionary<string, string> { [AddUserCommand.PasswordVariable] = passwordVariable ?? "" };
        return ErpCommand.RunAsync(_db, ["add-user", .. args], stdin, environment);
    }

    [Fact]
    public async Task Add_user_migrates_creates_the_first_admin_from_stdin_and_refuses_the_same_email_again()
    {
        const string password = "First-admin-secret-2026";

        var created = await RunAsync(password, null, "--email", "owner@company.example", "--name", "Owner", "--role", "admin");
        var again = await RunAsync(null, "Another-admin-secret-2026", "--email", "owner@company.example", "--name", "Impostor", "--role", "employee");

        Assert.True(created.Exit == 0, created.Error);
        Assert.Contains("owner@company.example", created.Out);
        Assert.DoesNotContain(password, created.Out + created.Error);
        Assert.Equal(1, again.Exit);
        Assert.Contains("already exists", again.Error);
        var user = (await _db.QueryAsync<(string Name, string Role, string Hash)>(
            "SELECT display_name, role, password_hash FROM users WHERE email = 'owner@company.example'")).Single();
        Assert.Equal(("Owner", Roles.Admin), (user.Name, user.Role));
        Assert.NotEqual(PasswordVerificationResult.Failed, new PasswordHasher<UserRecord>().VerifyHashedPassword(null!, user.Hash, password));

        await using var app = new ErpApp(_db, seedOrders: 0);
        var client = app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await ErpApp.PostLoginAsync(client, "owner@company.example", password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Add_user_takes_the_password_from_the_environment_and_refuses_a_weak_one_or_a_bad_role()
    {
        var fromVariable = await RunAsync(null, "Employee-secret-from-env", "--email", "clerk@company.example", "--name", "Clerk", "--role", "employee");
        var weak = await RunAsync("password1234", null, "--email", "weak@company.example", "--name", "Weak", "--role", "employee");
        var role = await RunAsync("A-good-long-secret-99", null, "--email", "root@company.example", "--name", "Root", "--role", "root");

        Assert.True(fromVariable.Exit == 0, fromVariable.Error);
        Assert.Equal(2, weak.Exit);
        Assert.Contains("too common", weak.Error);
        Assert.Equal(2, role.Exit);
        Assert.Contains("role", role.Error);
        Assert.Equal(["clerk@company.example"], await _db.QueryAsync<string>("SELECT email FROM users"));
    }

    [Theory]
    [InlineData("--password", "x")]
    [InlineData("--password=Secret-on-argv-123")]
    public void A_password_on_the_command_line_is_refused(params string[] extra)
    {
        var command = CommandLine.Parse(["add-user", "--email", "a@b.example", "--name", "A", "--role", "admin", .. extra]);

        Assert.Contains(AddUserCommand.PasswordVariable, command.Error);
        Assert.Null(command.NewUser);
    }

    [Fact]
    public void Add_user_without_its_options_is_a_usage_error()
    {
        Assert.Equal("add-user needs --role.", CommandLine.Parse(["add-user", "--email", "a@b.example", "--name", "A"]).Error);
        Assert.Equal("--name needs a value.", CommandLine.Parse(["add-user", "--email", "a@b.example", "--name"]).Error);
    }
}
