using Erp.Data.Users;
using Microsoft.AspNetCore.Identity;

namespace Erp.Web.Hosting;

public static class DemoUsers
{
    public const string AdminEmail = "admin@erp.local";
    public const string EmployeeEmail = "employee@erp.local";

    /// <summary>Creates (or resets) the demo admin and employee with the passwords from Seed:*Password.</summary>
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        var config = services.GetRequiredService<IConfiguration>();
        var store = services.GetRequiredService<UserStore>();
        var hasher = services.GetRequiredService<IPasswordHasher<UserRecord>>();
        foreach (var (email, name, role, key) in new[]
                 {
                     (AdminEmail, "Demo Admin", Roles.Admin, "Seed:AdminPassword"),
                     (EmployeeEmail, "Demo Employee", Roles.Employee, "Seed:EmployeePassword"),
                 })
        {
            var password = config[key];
            if (string.IsNullOrWhiteSpace(password))
            {
                throw new InvalidOperationException($"{key} is not set: the demo users need a password.");
            }
            await store.UpsertAsync(email, name, role, hasher.HashPassword(null!, password), ct);
        }
    }
}
