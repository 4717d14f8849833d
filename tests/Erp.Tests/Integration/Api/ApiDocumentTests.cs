using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Erp.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Api;

[Collection(ApiCollection.Name)]
public sealed partial class ApiDocumentTests(ApiFixture fixture)
{
    private ErpApp App => fixture.App;

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await App.CreateAnonymousClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.JsonAsync(response);
    }

    /// <summary>Every route and method the app maps under /api, from the endpoint data source (the catch-all 404 excepted).</summary>
    private List<(string Path, string Method)> MappedApiRoutes() =>
    [
        .. App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal) && !e.RoutePattern.RawText.Contains("{**"))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => (Constraint().Replace(e.RoutePattern.RawText!, "{$1}"), m.ToLowerInvariant()))),
    ];

    [Fact]
    public async Task The_document_lists_every_api_route_and_method_the_app_maps()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var routes = MappedApiRoutes();

        Assert.True(routes.Count >= 14, $"only {routes.Count} API routes mapped");
        var missing = routes.Where(r => !paths.TryGetProperty(r.Path, out var item) || !item.TryGetProperty(r.Method, out _)).ToList();
        Assert.True(missing.Count == 0, "Not in /openapi/v1.json: " + string.Join(", ", missing));
        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => (p.Name, m.Name))).ToList();
        Assert.All(documented, d => Assert.Contains(d, routes));
    }

    [Fact]
    public async Task The_document_describes_the_bearer_scheme_parameters_bodies_and_responses()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.False(paths.GetProperty("/api/v1/auth/token").GetProperty("post").TryGetProperty("security", out _));

        var list = paths.GetProperty("/api/v1/orders").GetProperty("get");
        Assert.True(list.TryGetProperty("security", out _));
        var parameters = list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Subset(parameters.ToHashSet(), new HashSet<string?> { "cursor", "limit", "sort", "status", "customer", "customer_code", "from", "to" });
        Assert.True(list.GetProperty("responses").TryGetProperty("400", out _));

        var create = paths.GetProperty("/api/v1/orders").GetProperty("post");
        Assert.True(create.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("201", out _));
        Assert.Contains(create.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");

        var confirm = paths.GetProperty("/api/v1/orders/{id}/confirm").GetProperty("post");
        Assert.Contains(confirm.GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("required").GetBoolean());
        foreach (var status in new[] { "200", "412", "428", "409", "422", "404" })
        {
            Assert.True(confirm.GetProperty("responses").TryGetProperty(status, out _), $"confirm lacks {status}");
        }
        var body = create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        if (body.TryGetProperty("$ref", out var reference))
        {
            body = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }
        Assert.True(body.GetProperty("properties").TryGetProperty("customer_id", out _), body.ToString());
    }

    [Fact]
    public async Task The_browsable_reference_is_served_in_development()
    {
        var response = await App.CreateAnonymousClient().GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        // Scalar's inline configuration script runs only under this route's own policy; every page keeps the strict one.
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self' 'unsafe-inline'", csp);
        var page = string.Join(";", (await App.CreateAnonymousClient().GetAsync("/login")).Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-inline", page);
        Assert.Contains("'nonce-", page);
    }

    [GeneratedRegex(@"\{(\w+):[^}]+\}")]
    private static partial Regex Constraint();
}
