using System.Net;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Orders;

[Collection(AppCollection.Name)]
public sealed class UnknownHandlerTests(ErpAppFixture fixture)
{
    private readonly OrderTestData _data = new(fixture.App);

    [Fact]
    public async Task Unknown_handlers_never_answer_500_a_post_is_404_and_a_get_shows_the_page()
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(1m, 10);
        var id = await _data.ShippedAsync(customer.Id, product.Id, 1, 1m);
        var invoiceId = OrderTestData.Ok(await _data.InvoiceAsync(id)).Id;
        var client = await fixture.App.SignInAsync();

        var post = await OrderTestData.PostAsync(client, id, "Bogus", new() { ["Version"] = "1" });
        var get = await client.GetAsync($"/orders/{id}?handler=Bogus");
        var invoice = await client.GetAsync($"/invoices/{invoiceId}?handler=Bogus");
        var invoicePost = await client.PostAsync($"/invoices/{invoiceId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await ErpApp.AntiforgeryTokenAsync(client, $"/orders/{id}"),
        }));

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, invoice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, invoicePost.StatusCode);
    }
}
