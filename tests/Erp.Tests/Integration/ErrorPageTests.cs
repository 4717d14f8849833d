using System.Net;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;

namespace Erp.Tests.Integration;

/// <summary>The app in Production: its exception handler and error page, with handlers made to throw by the test host.</summary>
public sealed class ProductionAppFixture : IAsyncLifetime
{
    public ErpApp App { get; private set; } = null!;

    public async Task InitializeAsync() =>
        App = await ErpApp.StartAsync(seedOrders: 0, configure: ThrowingHandlers.Install("Confirm"), environment: "Production");

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class ErrorPageTests(ProductionAppFixture fixture) : IClassFixture<ProductionAppFixture>
{
    private readonly OrderTestData _data = new(fixture.App);

    private async Task<(HttpClient Client, long OrderId, string Token)> DraftOrderAsync()
    {
        var customer = await _data.CustomerAsync();
        var id = await _data.DraftAsync(customer.Id);
        var client = await fixture.App.SignInAsync();
        var token = (await client.GetHtmlAsync($"/orders/{id}")).AntiforgeryToken()!;
        return (client, id, token);
    }

    private static async Task<string> AssertErrorPageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("Something went wrong", page.ByRole("heading")?.ReadText());
        var shown = page.ByTestId("request-id")?.ReadText();
        var header = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.False(string.IsNullOrWhiteSpace(header));
        Assert.Equal(header, shown);
        Assert.DoesNotContain("??", page.Body!.ReadText());
        return header;
    }

    [Fact]
    public async Task A_plain_post_that_throws_gets_the_error_page_with_the_request_id_of_its_header()
    {
        var (client, id, token) = await DraftOrderAsync();

        var response = await client.PostAsync($"/orders/{id}?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Version"] = (await _data.VersionAsync(id)).ToString(),
            ["__RequestVerificationToken"] = token,
        }));

        await AssertErrorPageAsync(response);
        Assert.Equal("draft", await _data.StatusAsync(id));
    }

    [Fact]
    public async Task A_get_that_throws_gets_the_error_page_and_each_request_has_its_own_id()
    {
        var (client, id, _) = await DraftOrderAsync();

        var first = await AssertErrorPageAsync(await client.GetAsync($"/orders/{id}?{ThrowingHandlers.QueryFlag}=1"));
        var second = await AssertErrorPageAsync(await client.GetAsync($"/customers?{ThrowingHandlers.QueryFlag}=1"));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task An_htmx_post_that_throws_answers_500_with_the_request_id_header_for_the_notice()
    {
        var (client, id, token) = await DraftOrderAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/orders/{id}?handler=Confirm")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Version"] = (await _data.VersionAsync(id)).ToString(),
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("HX-Request", "true");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(response.Headers.GetValues("X-Request-Id"))));
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/css/site.css")]
    [InlineData("/orders")]
    [InlineData("/no-such-page")]
    [InlineData("/health/live")]
    public async Task Every_answer_carries_a_request_id(string path)
    {
        var response = await fixture.App.CreateAnonymousClient().GetAsync(path);

        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(response.Headers.GetValues("X-Request-Id"))));
    }
}
