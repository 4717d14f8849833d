using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Api;

/// <summary>One app for the API tests, with a known token signing key so tests can forge tokens the app must refuse.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string SigningKey = "api-tests-only-signing-key-0123456789abcdef";

    public ErpApp App { get; private set; } = null!;
    public OrderTestData Data { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await ErpApp.StartAsync(configure: b => b.UseSetting("Jwt:SigningKey", SigningKey));
        Data = new OrderTestData(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>Clients and checks for /api/v1.</summary>
internal static class Api
{
    public static async Task<HttpResponseMessage> PostTokenAsync(this ErpApp app, string email, string password) =>
        await app.CreateAnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { email, password });

    public static async Task<string> TokenAsync(this ErpApp app, string email = DemoUsers.AdminEmail, string password = ErpApp.AdminPassword)
    {
        var response = await app.PostTokenAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("access_token").GetString()!;
    }

    /// <summary>A client that sends <paramref name="token"/> as its bearer token (and no cookie).</summary>
    public static HttpClient Bearer(this ErpApp app, string token)
    {
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<HttpClient> ApiClientAsync(this ErpApp app, string email = DemoUsers.AdminEmail, string password = ErpApp.AdminPassword) =>
        app.Bearer(await app.TokenAsync(email, password));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The answer is RFC 7807 problem details with <paramref name="status"/>; returns the document.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static HttpRequestMessage Post(string url, string? json = null, string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(json ?? "{}") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    public static string NewOrderJson(long customerId, params (long ProductId, int Quantity)[] lines) =>
        JsonSerializer.Serialize(new
        {
            customer_id = customerId,
            lines = lines.Select(l => new { product_id = l.ProductId, quantity = l.Quantity }),
        });
}
