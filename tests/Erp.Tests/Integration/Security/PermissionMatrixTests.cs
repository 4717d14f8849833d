using Erp.Tests.Support;
using Erp.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Security;

/// <summary>
/// Every endpoint the app serves is classified in the permission matrix (src/Erp.Web/Security/PermissionMatrix.cs),
/// and the authorization the conventions put on it says the same: a new page, a new handler on an
/// existing page or a new endpoint fails here until someone decides who may use it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PermissionMatrixTests(ErpAppFixture fixture)
{
    private IReadOnlyList<Endpoint> Endpoints => fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints;

    /// <summary>Each problem as a line: what is not classified, or where the endpoint's metadata disagrees with the matrix.</summary>
    private static List<string> Problems(IEnumerable<Endpoint> endpoints)
    {
        var problems = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var metadata = endpoint.Metadata;
            var anonymous = metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            string name;
            string? access;
            if (metadata.GetMetadata<CompiledPageActionDescriptor>() is { } page)
            {
                name = $"page {page.ViewEnginePath}";
                var rule = PermissionMatrix.For(page.ViewEnginePath);
                access = rule?.Access;
                // OnPageHandlerExecuting and the like are PageModel's filter methods, not handlers anyone can request.
                foreach (var handler in page.HandlerMethods.Where(h => h.MethodInfo.GetBaseDefinition().DeclaringType != typeof(PageModel)))
                {
                    var key = PermissionMatrix.HandlerKey(handler.HttpMethod, handler.Name);
                    if (rule is null || !rule.Handlers.ContainsKey(key))
                    {
                        problems.Add($"{name}: handler '{key}' is not classified");
                    }
                }
                foreach (var key in rule?.Handlers.Keys ?? [])
                {
                    if (!page.HandlerMethods.Any(h => PermissionMatrix.HandlerKey(h.HttpMethod, h.Name) == key))
                    {
                        problems.Add($"{name}: the matrix names a handler '{key}' the page does not have");
                    }
                }
            }
            else if (metadata.GetMetadata<StaticAssetDescriptor>() is not null)
            {
                name = "static asset";
                access = PermissionMatrix.Anonymous;
            }
            else
            {
                name = $"endpoint {(endpoint as RouteEndpoint)?.RoutePattern.RawText ?? endpoint.DisplayName}";
                access = endpoint is RouteEndpoint route ? PermissionMatrix.Endpoints.GetValueOrDefault(route.RoutePattern.RawText!) : null;
            }

            var agrees = access switch
            {
                null => false,
                PermissionMatrix.Anonymous => anonymous,
                PermissionMatrix.SignedIn => !anonymous, // the fallback policy, or a plain [Authorize]
                _ => !anonymous && policies.Contains(access),
            };
            if (access is null)
            {
                problems.Add($"{name} is not classified");
            }
            else if (!agrees)
            {
                problems.Add($"{name}: classified '{access}', but its metadata says anonymous={anonymous}, policies=[{string.Join(", ", policies)}]");
            }
        }
        return problems;
    }

    [Fact]
    public void Every_page_handler_and_endpoint_is_classified_and_authorized_as_the_matrix_says()
    {
        var problems = Problems(Endpoints);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(Endpoints, e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null);
        Assert.True(Endpoints.Count(e => e.Metadata.GetMetadata<CompiledPageActionDescriptor>() is not null) >= PermissionMatrix.Pages.Count);
    }

    [Fact]
    public void Every_page_of_the_matrix_exists()
    {
        var pages = Endpoints.Select(e => e.Metadata.GetMetadata<CompiledPageActionDescriptor>()?.ViewEnginePath).ToHashSet();

        Assert.All(PermissionMatrix.Pages, p => Assert.Contains(p.Page, pages));
    }

    [Fact]
    public void An_unclassified_page_handler_or_endpoint_is_reported()
    {
        var open = new RouteEndpoint(_ => Task.CompletedTask, Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse("/reports"),
            0, new EndpointMetadataCollection(), "reports");
        var page = Endpoints.First(e => e.Metadata.GetMetadata<CompiledPageActionDescriptor>()?.ViewEnginePath == "/Orders/Details");
        var descriptor = page.Metadata.GetMetadata<CompiledPageActionDescriptor>()!;
        var withExtraHandler = new CompiledPageActionDescriptor(descriptor)
        {
            HandlerMethods = [.. descriptor.HandlerMethods, new() { HttpMethod = "Post", Name = "Discount", MethodInfo = descriptor.HandlerMethods.First(h => h.Name == "AddLine").MethodInfo, Parameters = [] }],
            RelativePath = descriptor.RelativePath, ViewEnginePath = descriptor.ViewEnginePath,
        };
        var extra = new RouteEndpoint(_ => Task.CompletedTask, ((RouteEndpoint)page).RoutePattern, 0,
            new EndpointMetadataCollection([.. page.Metadata.Where(m => m is not CompiledPageActionDescriptor), withExtraHandler]), "extra");

        var problems = Problems([open, extra]);

        Assert.Contains("endpoint /reports is not classified", problems);
        Assert.Contains("page /Orders/Details: handler 'POST Discount' is not classified", problems);
    }
}
