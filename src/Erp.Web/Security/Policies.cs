using System.Security.Claims;
using Erp.Data.Users;
using Microsoft.AspNetCore.Authorization;

namespace Erp.Web.Security;

/// <summary>
/// The named authorization policies (ADR 0006). Pages get them from <see cref="PermissionMatrix"/>
/// through conventions and the handler filter; markup and page models ask them through
/// <see cref="IAuthorizationService"/> (<see cref="MayAsync"/>), so a hidden button is never the check.
/// </summary>
public static class Policies
{
    /// <summary>Everything under /admin: user administration, and later audit history and jobs.</summary>
    public const string Admin = "admin";
    /// <summary>A customer's Credit limit.</summary>
    public const string ManageCredit = "manage-credit";
    /// <summary>A product's Unit price after creation, and an order line price other than the product's.</summary>
    public const string ManagePrices = "manage-prices";
    /// <summary>Stock adjustments on a product.</summary>
    public const string AdjustStock = "adjust-stock";

    /// <summary>Personal values in the audit trail (e-mail, phone: AuditPersonalData); others see them masked (docs/adr/0017-audit-reading.md).</summary>
    public const string SeePersonalData = "see-personal-data";

    /// <summary>/api/v1: a valid bearer token of an enabled user (any role); the sign-in cookie does not count (ADR 0015).</summary>
    public const string Api = "api";

    /// <summary>The role each policy needs (named on the 403 page and notice).</summary>
    public static IReadOnlyDictionary<string, string> RoleFor { get; } = new Dictionary<string, string>
    {
        [Admin] = Roles.Admin,
        [ManageCredit] = Roles.Admin,
        [ManagePrices] = Roles.Admin,
        [AdjustStock] = Roles.Admin,
        [SeePersonalData] = Roles.Admin,
    };

    public static void AddErpPolicies(this IServiceCollection services)
    {
        var builder = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (name, role) in RoleFor)
        {
            builder.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(role));
        }
        builder.AddPolicy(Api, p => p.AddAuthenticationSchemes(ApiTokens.Scheme).RequireAuthenticatedUser());
    }

    /// <summary>May <paramref name="user"/> do what <paramref name="policy"/> guards?</summary>
    public static async Task<bool> MayAsync(this IAuthorizationService authorization, ClaimsPrincipal user, string policy) =>
        (await authorization.AuthorizeAsync(user, policy)).Succeeded;

    /// <summary>The same question from a page model (its handlers ignore fields the user may not change).</summary>
    public static Task<bool> MayAsync(this Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, string policy) =>
        page.HttpContext.RequestServices.GetRequiredService<IAuthorizationService>().MayAsync(page.User, policy);
}
