using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Erp.Web.Security;

/// <summary>Who may use one page: the page's access and each of its handlers' ("GET", "POST", "POST Adjust").</summary>
public sealed record PageAccess(string Page, string Access, IReadOnlyDictionary<string, string> Handlers)
{
    /// <summary>A handler that needs more than the page (an admin-only action on a page every employee uses).</summary>
    public PageAccess With(string handler, string access) =>
        this with { Handlers = new Dictionary<string, string>(Handlers) { [handler] = access } };
}

/// <summary>A field shown read-only and ignored when posted by a user without <see cref="Policy"/>.</summary>
public sealed record FieldAccess(string Page, string Field, string Policy);

/// <summary>
/// The permission matrix (ADR 0006), in one place: every page and each of its handlers, every other
/// endpoint, and the fields only some users may change. The Razor Pages conventions and the handler
/// filter apply it; a test enumerates the app's endpoints and fails on anything this table does not
/// classify, so a new page cannot be left open by accident.
/// </summary>
public static class PermissionMatrix
{
    /// <summary>No sign-in needed.</summary>
    public const string Anonymous = "anonymous";
    /// <summary>Any signed-in user: employee or admin.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>Folders whose every page (present and future) needs a policy.</summary>
    public static IReadOnlyDictionary<string, string> Folders { get; } = new Dictionary<string, string>
    {
        ["/Admin"] = Policies.Admin,
    };

    public static IReadOnlyList<PageAccess> Pages { get; } =
    [
        Page("/Login", Anonymous, "GET", "POST"),
        Page("/Logout", Anonymous, "GET", "POST"),
        Page("/AccessDenied", Anonymous, "GET", "POST"),
        // The error and status pages answer every method: a failed or refused request is re-executed
        // with its own method, and whoever sent it must get a page, signed in or not (ADR 0009).
        Page("/Status", Anonymous, "GET", "POST", "PUT", "PATCH", "DELETE"),
        Page("/Error", Anonymous, "GET", "POST", "PUT", "PATCH", "DELETE"),
        Page("/Index", SignedIn, "GET", "GET Figures"),
        Page("/Customers/Index", SignedIn, "GET", "POST Export"),
        Page("/Customers/Details", SignedIn, "GET", "GET History"),
        Page("/Customers/New", SignedIn, "GET", "POST"),
        Page("/Customers/Edit", SignedIn, "GET", "POST"),
        Page("/Products/Index", SignedIn, "GET", "POST Export"),
        Page("/Products/Details", SignedIn, "GET", "GET History").With("POST Adjust", Policies.AdjustStock),
        Page("/Products/New", SignedIn, "GET", "POST"),
        Page("/Products/Edit", SignedIn, "GET", "POST"),
        Page("/Orders/Index", SignedIn, "GET", "POST Export"),
        Page("/Orders/New", SignedIn, "GET", "GET Customers", "POST"),
        Page("/Orders/Details", SignedIn, "GET", "GET Products", "GET History", "POST AddLine", "POST SaveLine", "POST RemoveLine",
            "POST Confirm", "POST Ship", "POST Cancel", "POST CreateInvoice"),
        Page("/Invoices/Index", SignedIn, "GET", "POST Export"),
        Page("/Invoices/Details", SignedIn, "GET", "GET History", "GET PdfStatus", "GET Pdf", "GET Emails", "POST Email"),
        Page("/Admin/Users/Index", Policies.Admin, "GET", "POST Create", "POST Role", "POST Disable", "POST Enable",
            "POST Unlock", "POST ResetPassword"),
        Page("/Exports/Details", SignedIn, "GET", "GET Download"),
        Page("/Admin/Jobs/Index", Policies.Admin, "GET", "POST Retry", "POST Cancel"),
        Page("/Admin/Audit/Index", Policies.Admin, "GET", "GET Changes"),
        Page("/Admin/Audit/Verify", Policies.Admin, "GET", "GET Status", "POST"),
        Page("/Admin/Audit/Revert", Policies.Admin, "GET", "POST"),
    ];

    /// <summary>Endpoints that are not pages, by route pattern (static assets are anonymous, see ErpSetup).</summary>
    public static IReadOnlyDictionary<string, string> Endpoints { get; } = new Dictionary<string, string>
    {
        ["/health/live"] = Anonymous,
        ["/health/ready"] = Anonymous,
        // Browsers post CSP violations from any page, the sign-in page included (SecurityHeaders.cs).
        ["/csp-report"] = Anonymous,
        // MapStaticAssets' fallback for files changed since the build; it exists only when the app
        // runs from build output (never in a published app) and takes none of MapStaticAssets' conventions.
        ["{**path:file}"] = SignedIn,
        // The JSON API (ADR 0015): a bearer token of any enabled user, never the sign-in cookie. It offers
        // nothing admin-only: order lines take the product's price, as for an employee on the order page.
        ["/api/v1/auth/token"] = Anonymous,
        ["/api/{**rest}"] = Anonymous, // unknown /api addresses: a 404 problem for everyone
        ["/api/v1/customers"] = Policies.Api,
        ["/api/v1/customers/{id:long}"] = Policies.Api,
        ["/api/v1/products"] = Policies.Api,
        ["/api/v1/products/{id:long}"] = Policies.Api,
        ["/api/v1/orders"] = Policies.Api, // GET the list, POST a new order
        ["/api/v1/orders/{id:long}"] = Policies.Api,
        ["/api/v1/orders/{id:long}/confirm"] = Policies.Api,
        ["/api/v1/orders/{id:long}/ship"] = Policies.Api,
        ["/api/v1/orders/{id:long}/cancel"] = Policies.Api,
        ["/api/v1/orders/{id:long}/invoice"] = Policies.Api,
        ["/api/v1/invoices"] = Policies.Api,
        ["/api/v1/invoices/{id:long}"] = Policies.Api,
        ["/openapi/{documentName}.json"] = Anonymous,
        // The browsable API reference, mapped in Development only (it holds no data; the API itself needs a token).
        ["/scalar/{documentName?}"] = Anonymous,
        ["/scalar/scalar.js"] = Anonymous,
        ["/scalar/scalar.aspnetcore.js"] = Anonymous,
        ["/scalar/favicon.svg"] = Anonymous,
    };

    public static IReadOnlyList<FieldAccess> Fields { get; } =
    [
        new("/Customers/New", "Credit limit", Policies.ManageCredit),
        new("/Customers/Edit", "Credit limit", Policies.ManageCredit),
        new("/Products/Edit", "Unit price", Policies.ManagePrices),
        new("/Orders/Details", "Unit price", Policies.ManagePrices),
    ];

    private static readonly Dictionary<string, PageAccess> ByPage = Pages.ToDictionary(p => p.Page, StringComparer.OrdinalIgnoreCase);

    public static PageAccess? For(string page) => ByPage.GetValueOrDefault(page);

    /// <summary>"GET", "POST", "POST Adjust": how the matrix names a handler.</summary>
    public static string HandlerKey(string httpMethod, string? name) =>
        string.IsNullOrEmpty(name) ? httpMethod.ToUpperInvariant() : $"{httpMethod.ToUpperInvariant()} {name}";

    /// <summary>Applies the page and folder rules as Razor Pages conventions, and the handler rules as a filter.</summary>
    public static void Apply(PageConventionCollection conventions)
    {
        foreach (var (folder, policy) in Folders)
        {
            conventions.AuthorizeFolder(folder, policy);
        }
        foreach (var page in Pages)
        {
            _ = page.Access switch
            {
                Anonymous => conventions.AllowAnonymousToPage(page.Page),
                SignedIn => conventions.AuthorizePage(page.Page),
                var policy => conventions.AuthorizePage(page.Page, policy),
            };
        }
        conventions.ConfigureFilter(new HandlerPermissionFilter());
    }

    private static PageAccess Page(string page, string access, params string[] handlers) =>
        new(page, access, handlers.ToDictionary(h => h, _ => access));
}
