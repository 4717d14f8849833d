using System.Net;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Caching;

/// <summary>Cache keys built from typed text never name an entry of another kind (CacheKeys).</summary>
[Collection(AppCollection.Name)]
public sealed class CacheKeyTests(ErpAppFixture fixture)
{
    [Fact]
    public async Task Picker_text_that_looks_like_a_lookup_key_does_not_break_the_customer_filter()
    {
        var (id, code, _) = await new OrderTestData(fixture.App).CustomerAsync();
        var client = await fixture.App.SignInAsync();

        // Typed into the New order page's Customer box: cached as the picker's list for that text.
        foreach (var typed in new[] { $"id={id}", $"id:{id}", $"code={code}", $"code:{code}" })
        {
            var picks = await client.GetAsync($"/orders/new?handler=Customers&Customer={Uri.EscapeDataString(typed)}");
            Assert.Equal(HttpStatusCode.OK, picks.StatusCode);
        }

        // The lists' customer filter reads one customer by id or code: it must find its own entries.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/orders?customer={id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/invoices?customer_code={Uri.EscapeDataString(code)}")).StatusCode);
    }
}
