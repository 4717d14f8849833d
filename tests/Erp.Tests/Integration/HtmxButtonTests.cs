using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;
using Erp.Web.Hosting;

namespace Erp.Tests.Integration;

/// <summary>No htmx button can be sent twice while its request runs: every htmx form disables its button.</summary>
[Collection(AppCollection.Name)]
public sealed class HtmxButtonTests(ErpAppFixture fixture)
{
    [Fact]
    public async Task Every_htmx_form_with_a_button_disables_it_while_its_request_runs()
    {
        var data = new OrderTestData(fixture.App);
        var customer = await data.CustomerAsync();
        var product = await data.ProductAsync(1m, 10);
        var order = await data.DraftAsync(customer.Id, (product.Id, 1, null));
        var client = await fixture.App.SignInAsync(DemoUsers.AdminEmail, ErpApp.AdminPassword);
        string[] pages =
        [
            "/orders", "/customers", "/products", "/invoices", "/orders/new", "/customers/new", "/products/new",
            $"/customers/{customer.Id}/edit", $"/products/{product.Id}", $"/products/{product.Id}/edit", $"/orders/{order}",
        ];

        var checkedForms = 0;
        foreach (var path in pages)
        {
            var page = await client.GetHtmlAsync(path);
            foreach (var form in page.QuerySelectorAll("form[hx-post], form[hx-get]").Where(f => f.QuerySelector("button") is not null))
            {
                Assert.True(form.GetAttribute("hx-disabled-elt") == "find button",
                    $"{path}: the form of '{form.ByRole("button")!.ReadText()}' keeps its button enabled while its request runs");
                checkedForms++;
            }
        }
        Assert.True(checkedForms >= 12, $"only {checkedForms} htmx forms found");
    }
}
