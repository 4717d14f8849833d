using Erp.Data.Users;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Security;

/// <summary>Seeding creates the demo users only when missing and never resets an existing user.</summary>
public sealed class DemoUsersTests
{
    [Fact]
    public async Task Seeding_again_leaves_an_existing_demo_user_exactly_as_it_is_and_recreates_a_missing_one()
    {
        await using var app = await ErpApp.StartAsync(seedOrders: 0); // runs DemoUsers.EnsureAsync once
        await app.Database.ExecuteAsync("""
            UPDATE users SET display_name = 'Renamed', role = 'employee', password_hash = 'changed-by-its-owner',
                failed_logins = 3, disabled_at = UTC_TIMESTAMP(6)
            WHERE email = @email
            """, new { email = DemoUsers.AdminEmail });
        await app.Database.ExecuteAsync("DELETE FROM users WHERE email = @email", new { email = DemoUsers.EmployeeEmail });
        const string RowSql = """
            SELECT display_name, role, password_hash, security_stamp, failed_logins, disabled_at IS NOT NULL, version, updated_at
            FROM users WHERE email = @email
            """;
        var before = await app.Database.QueryAsync<(string, string, string, string, int, bool, int, DateTime)>(RowSql, new { email = DemoUsers.AdminEmail });

        var created = await DemoUsers.EnsureAsync(app.Services, CancellationToken.None);

        Assert.Equal(1, created);
        Assert.Equal(before, await app.Database.QueryAsync<(string, string, string, string, int, bool, int, DateTime)>(RowSql, new { email = DemoUsers.AdminEmail }));
        Assert.Equal(Roles.Employee, await app.Database.ScalarAsync<string>("SELECT role FROM users WHERE email = @email", new { email = DemoUsers.EmployeeEmail }));
        Assert.Equal(0, await DemoUsers.EnsureAsync(app.Services, CancellationToken.None));
    }
}
