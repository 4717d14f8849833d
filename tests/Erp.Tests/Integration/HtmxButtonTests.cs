using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;
using Erp.Web.Hosting;

namespace Erp.Tests.Integration;

/// <summary>
/// No htmx button can be sent twice while its request runs: every htmx form disables its button,
/// and htmx lookups inside such a form do not inherit that (htmx would log an error for each).
/// </summary>
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
            "/admin/users",
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
                // An htmx element inside such a form would inherit "find button", find none and log an error.
                foreach (var inner in form.QuerySelectorAll("[hx-get], [hx-post]"))
                {
                    Assert.True(inner.HasAttribute("hx-disabled-elt"), $"{path}: {inner.GetAttribute("name")} inherits its form's hx-disabled-elt");
                }
            }
        }
        Assert.True(checkedForms >= 12, $"only {checkedForms} htmx forms found");
    }
}
