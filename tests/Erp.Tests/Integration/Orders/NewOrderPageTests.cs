using System.Net;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Orders;

[Collection(AppCollection.Name)]
public sealed class NewOrderPageTests(ErpAppFixture fixture)
{
    private readonly OrderTestData _data = new(fixture.App);
    private ErpApp App => fixture.App;

    private async Task<HttpResponseMessage> PostNewAsync(HttpClient client, string customer) =>
        await client.PostAsync("/orders/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Customer"] = customer,
            ["__RequestVerificationToken"] = await ErpApp.AntiforgeryTokenAsync(client, "/orders/new"),
        }));

    private Task<int> OrderCountAsync() => App.Database.ScalarAsync<int>("SELECT COUNT(*) FROM sales_orders");

    [Fact]
    public async Task New_order_form_has_a_labelled_Customer_field_and_a_bounded_list_of_choices()
    {
        var client = await App.SignInAsync();

        var page = await client.GetHtmlAsync("/orders/new");

        var customer = page.Labelled("Customer");
        Assert.Equal(("Customer", "Customer", "customer-options"), (customer?.Id, customer?.GetAttribute("name"), customer?.GetAttribute("list")));
        Assert.Equal("datalist", page.GetElementById("customer-options")?.LocalName);
        Assert.InRange(page.QuerySelectorAll("#customer-options option").Length, 1, 20);
    }

    [Fact]
    public async Task Customer_code_creates_a_draft_order_and_goes_to_its_page()
    {
        var customer = await _data.CustomerAsync();
        var client = await App.SignInAsync();

        var response = await PostNewAsync(client, customer.Code.ToLowerInvariant());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await App.Database.ScalarAsync<long>("SELECT MAX(id) FROM sales_orders WHERE customer_id = @Id", new { customer.Id });
        Assert.Equal($"/orders/{id}", response.Headers.Location?.OriginalString);
        var page = await client.GetStringAsync($"/orders/{id}");
        Assert.Equal("draft", OrderTestData.Status(page));
        Assert.EndsWith(customer.Name, Html.Parse(page).Definition("Customer"));
    }

    [Fact]
    public async Task A_name_prefix_that_names_one_customer_is_enough()
    {
        var unique = "Zyx" + Guid.NewGuid().ToString("N")[..8];
        var customer = await _data.CustomerAsync(name: unique + " Trading");
        var client = await App.SignInAsync();

        var response = await PostNewAsync(client, unique);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await App.Database.ScalarAsync<int>("SELECT COUNT(*) FROM sales_orders WHERE customer_id = @Id", new { customer.Id }));
    }

    [Fact]
    public async Task Several_matching_customers_are_offered_instead_of_guessing()
    {
        var prefix = "Qwv" + Guid.NewGuid().ToString("N")[..8];
        var a = await _data.CustomerAsync(name: prefix + " North");
        var b = await _data.CustomerAsync(name: prefix + " South");
        var client = await App.SignInAsync();
        var before = await OrderCountAsync();

        var response = await PostNewAsync(client, prefix);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Contains("2 customers match", page.FieldError("Customer"));
        var offered = page.QuerySelectorAll("#customer-options option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains(a.Code, offered);
        Assert.Contains(b.Code, offered);
        Assert.Equal(prefix, page.ValueOf("Customer"));
        Assert.Equal(before, await OrderCountAsync());
    }

    [Theory]
    [InlineData("", "Enter the customer's code or name.")]
    [InlineData("no-such-customer-xyz", "No customer has the code or a name starting with")]
    [InlineData("%", "No customer has the code or a name starting with")]
    public async Task Unknown_or_empty_customer_is_a_field_error_and_creates_nothing(string customer, string message)
    {
        var client = await App.SignInAsync();
        var before = await OrderCountAsync();

        var response = await PostNewAsync(client, customer);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.StartsWith(message, page.FieldError("Customer"));
        Assert.Equal(customer, page.ValueOf("Customer") ?? "");
        Assert.Equal(before, await OrderCountAsync());
    }

    [Fact]
    public async Task Typing_asks_for_at_most_20_matching_customers()
    {
        var prefix = "Mnb" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 25; i++)
        {
            await _data.CustomerAsync(name: $"{prefix} {i:D2}");
        }
        var client = await App.SignInAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/new?handler=Customers&Customer={prefix}");
        request.Headers.Add("HX-Request", "true");

        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.True(Html.IsFragment(html), "The lookup answers with the options only.");
        var names = Html.ParseFragment(html, "datalist").QuerySelectorAll("option").Select(o => o.ReadText()).ToList();
        Assert.Equal(20, names.Count);
        Assert.Contains($"{prefix} 00", names);
        Assert.DoesNotContain($"{prefix} 20", names);
    }

}
