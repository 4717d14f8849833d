using Erp.Data.Infrastructure;
using Erp.Data.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Data.Seeding;

/// <summary>
/// The demo admin and employee. They are created only when missing: an existing user (a changed
/// password, another role, a disabled account) is left exactly as it is, so seeding never resets anyone.
/// </summary>
public static class DemoUsers
{
    public const string AdminEmail = "admin@erp.local";
    public const string EmployeeEmail = "employee@erp.local";

    /// <summary>Creates the missing demo users with the passwords from Seed:AdminPassword and Seed:EmployeePassword; answers how many it created.</summary>
    public static async Task<int> EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        var config = services.GetRequiredService<IConfiguration>();
        var store = services.GetRequiredService<UserStore>();
        var hasher = services.GetRequiredService<IPasswordHasher<UserRecord>>();
        var created = 0;
        foreach (var (email, name, role, key) in new[]
                 {
                     (AdminEmail, "Demo Admin", Roles.Admin, "Seed:AdminPassword"),
                     (EmployeeEmail, "Demo Employee", Roles.Employee, "Seed:EmployeePassword"),
                 })
        {
            if (await store.FindByEmailAsync(email, ct) is not null)
            {
                continue;
            }
            var password = config[key];
            if (string.IsNullOrWhiteSpace(password))
            {
                throw new InvalidOperationException($"{key} is not set: the demo users need a password.");
            }
            // A user created meanwhile by someone else comes back as a duplicate and is left alone too.
            var result = await store.CreateAsync(new NewUser(email, name, role, hasher.HashPassword(null!, password)), ct);
            created += result.Status == SaveStatus.Saved ? 1 : 0;
        }
        return created;
    }
}
