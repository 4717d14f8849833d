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

    private static readonly (string Email, string Name, string Role, string PasswordKey)[] Demo =
    [
        (AdminEmail, "Demo Admin", Roles.Admin, "Seed:AdminPassword"),
        (EmployeeEmail, "Demo Employee", Roles.Employee, "Seed:EmployeePassword"),
    ];

    /// <summary>
    /// Refuses, before anything is written, when a demo user still has to be created and its password
    /// setting is missing (the seed verb checks this before it loads a million orders).
    /// </summary>
    public static async Task RequirePasswordsAsync(IServiceProvider services, CancellationToken ct)
    {
        foreach (var (email, _, _, key) in Demo)
        {
            await PasswordForAsync(services, email, key, ct);
        }
    }

    /// <summary>Creates the missing demo users with the passwords from Seed:AdminPassword and Seed:EmployeePassword; answers how many it created.</summary>
    public static async Task<int> EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<UserStore>();
        var hasher = services.GetRequiredService<IPasswordHasher<UserRecord>>();
        var created = 0;
        foreach (var (email, name, role, key) in Demo)
        {
            if (await PasswordForAsync(services, email, key, ct) is not { } password)
            {
                continue;
            }
            // A user created meanwhile by someone else comes back as a duplicate and is left alone too.
            var result = await store.CreateAsync(new NewUser(email, name, role, hasher.HashPassword(null!, password)), ct);
            created += result.Status == SaveStatus.Saved ? 1 : 0;
        }
        return created;
    }

    /// <summary>The password to create <paramref name="email"/> with, or null when that user exists already.</summary>
    private static async Task<string?> PasswordForAsync(IServiceProvider services, string email, string key, CancellationToken ct)
    {
        if (await services.GetRequiredService<UserStore>().FindByEmailAsync(email, ct) is not null)
        {
            return null;
        }
        var password = services.GetRequiredService<IConfiguration>()[key];
        return string.IsNullOrWhiteSpace(password)
            ? throw new InvalidOperationException($"{key} is not set: the demo users need a password.")
            : password;
    }
}
