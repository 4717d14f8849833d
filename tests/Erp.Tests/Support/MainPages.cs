using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Support;

/// <summary>
/// The address of every page the app serves with a plain GET, read from its own endpoints (so pages
/// merged later are covered without touching this list): <c>{id}</c> is filled with the first row of the
/// list of the same name (<c>/customers/{id}</c> from <c>/customers</c>), <c>{code}</c> with 404.
/// </summary>
public static class MainPages
{
    public static async Task<IReadOnlyList<string>> AddressesAsync(ErpApp app, HttpClient signedIn)
    {
        var ids = new Dictionary<string, long?>();
        var addresses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>() is not { } page
                || !page.HandlerMethods.Any(h => h.HttpMethod == "Get" && h.Name is null))
            {
                continue;
            }
            var segments = new List<string>();
            foreach (var segment in endpoint.RoutePattern.PathSegments)
            {
                var part = segment.Parts.Single();
                if (part is Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal)
                {
                    segments.Add(literal.Content);
                }
                else if (part is Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "code" })
                {
                    segments.Add("404");
                }
                else if (part is Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "id" } && segments.Count > 0)
                {
                    var list = segments[0];
                    if (!ids.TryGetValue(list, out var id))
                    {
                        var rows = (await signedIn.GetHtmlAsync($"/{list}")).RowIds(list);
                        ids[list] = id = rows.Count > 0 ? rows[0] : null;
                    }
                    if (id is null)
                    {
                        segments = null!;
                        break;
                    }
                    segments.Add(id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    segments = null!;
                    break;
                }
            }
            if (segments is not null)
            {
                addresses.Add("/" + string.Join('/', segments));
            }
        }
        return [.. addresses];
    }
}
