using System.Net;
using Erp.Tests.Support;
using MySqlConnector;

namespace Erp.Tests.Integration.Api;

[Collection(ApiCollection.Name)]
public sealed class ApiIdempotencyTests(ApiFixture fixture)
{
    private ErpApp App => fixture.App;

    private Task<long> OrdersOfAsync(long customer) =>
        App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM sales_orders WHERE customer_id = @customer", new { customer });

    [Fact]
    public async Task The_same_key_and_body_twice_create_one_order_and_answer_the_first_response_again()
    {
        var client = await App.ApiClientAsync();
        var (customer, _, _) = await fixture.Data.CustomerAsync();
        var (product, _) = await fixture.Data.ProductAsync(10m, 5);
        var body = Api.NewOrderJson(customer, (product, 2));
        var key = Guid.NewGuid().ToString();

        var first = await client.SendAsync(Api.Post("/api/v1/orders", body, idempotencyKey: key));
        var second = await client.SendAsync(Api.Post("/api/v1/orders", body, idempotencyKey: key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await OrdersOfAsync(customer));
        // Without a key the same body is a new order.
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Api.Post("/api/v1/orders", body))).StatusCode);
        Assert.Equal(2, await OrdersOfAsync(customer));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_422_problem_and_creates_nothing()
    {
        var client = await App.ApiClientAsync();
        var (customer, _, _) = await fixture.Data.CustomerAsync();
        var (product, _) = await fixture.Data.ProductAsync(10m, 5);
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created,
            (await client.SendAsync(Api.Post("/api/v1/orders", Api.NewOrderJson(customer, (product, 2)), idempotencyKey: key))).StatusCode);

        var problem = await Api.ProblemAsync(await client.SendAsync(Api.Post("/api/v1/orders", Api.NewOrderJson(customer, (product, 3)),
            idempotencyKey: key)), HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(1, await OrdersOfAsync(customer));
    }

    [Fact]
    public async Task Keys_belong_to_their_user_another_user_with_the_same_key_gets_their_own_order()
    {
        var admin = await App.ApiClientAsync();
        var employee = await App.ApiClientAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        var (customer, _, _) = await fixture.Data.CustomerAsync();
        var (product, _) = await fixture.Data.ProductAsync(10m, 5);
        var body = Api.NewOrderJson(customer, (product, 1));
        var key = Guid.NewGuid().ToString();

        var first = await admin.SendAsync(Api.Post("/api/v1/orders", body, idempotencyKey: key));
        var second = await employee.SendAsync(Api.Post("/api/v1/orders", body, idempotencyKey: key));

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.NotEqual(first.Headers.Location, second.Headers.Location);
        Assert.Equal(2, await OrdersOfAsync(customer));
    }

    [Fact]
    public async Task A_request_with_a_key_still_in_flight_is_a_409_problem_and_the_first_one_completes()
    {
        var client = await App.ApiClientAsync();
        var (customer, _, _) = await fixture.Data.CustomerAsync();
        var (product, _) = await fixture.Data.ProductAsync(10m, 5);
        var order = await fixture.Data.DraftAsync(customer, (product, 1, null));
        var key = Guid.NewGuid().ToString();
        var etag = $"\"{await fixture.Data.VersionAsync(order)}\"";

        // Hold the order row, so the first confirmation waits inside the workflow with its key claimed.
        await using var blocker = new MySqlConnection(App.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockRow = new MySqlCommand("SELECT id FROM sales_orders WHERE id = @id FOR UPDATE", blocker, transaction))
        {
            lockRow.Parameters.AddWithValue("@id", order);
            await lockRow.ExecuteScalarAsync();
        }
        var first = client.SendAsync(Api.Post($"/api/v1/orders/{order}/confirm", ifMatch: etag, idempotencyKey: key));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM api_idempotency_keys WHERE idempotency_key = @key", new { key }) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The first request never claimed its key.");
            await Task.Delay(20);
        }

        var second = await client.SendAsync(Api.Post($"/api/v1/orders/{order}/confirm", ifMatch: etag, idempotencyKey: key));
        await Api.ProblemAsync(second, HttpStatusCode.Conflict);
        Assert.False(first.IsCompleted);
        await transaction.RollbackAsync();

        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        var replay = await client.SendAsync(Api.Post($"/api/v1/orders/{order}/confirm", ifMatch: etag, idempotencyKey: key));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("confirmed", await fixture.Data.StatusAsync(order));
        Assert.Equal((5, 1), await fixture.Data.StockAsync(product));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("ünïcode")]
    public async Task A_malformed_key_is_a_400_problem(string key)
    {
        var client = await App.ApiClientAsync();
        var (customer, _, _) = await fixture.Data.CustomerAsync();

        await Api.ProblemAsync(await client.SendAsync(Api.Post("/api/v1/orders", Api.NewOrderJson(customer), idempotencyKey: key)),
            HttpStatusCode.BadRequest);
        await Api.ProblemAsync(await client.SendAsync(Api.Post("/api/v1/orders", Api.NewOrderJson(customer),
            idempotencyKey: new string('k', 256))), HttpStatusCode.BadRequest);
        Assert.Equal(0, await OrdersOfAsync(customer));
    }
}
