using System.Net;
using Erp.Tests.Support;
using static Erp.Tests.Integration.Customers.CustomerForms;

namespace Erp.Tests.Integration.Customers;

[Collection(AppCollection.Name)]
public sealed class CustomerAddressTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    private static Dictionary<string, string> WithAddress(Dictionary<string, string> fields) => fields
        .With("Input.Address", "Hauptstraße 5")
        .With("Input.PostalCode", "10115")
        .With("Input.City", "Berlin");

    [Fact]
    public async Task Billing_address_is_entered_on_the_form_shown_on_the_customer_page_and_kept_by_the_edit_form()
    {
        var client = await App.SignInAsync();

        var id = await CreatedIdAsync(client, WithAddress(Valid(name: "Address Holder GmbH")));

        var page = await client.GetHtmlAsync($"/customers/{id}");
        var details = page.ByTestId("customer-details")!;
        Assert.Equal("Hauptstraße 5", details.Definition("Address"));
        Assert.Equal("10115", details.Definition("Postal code"));
        Assert.Equal("Berlin", details.Definition("City"));
        Assert.Equal("Germany", details.Definition("Country"));
        var edit = await client.GetHtmlAsync($"/customers/{id}/edit");
        Assert.Equal("Hauptstraße 5", edit.Labelled("Address")!.GetAttribute("value"));
        Assert.Equal("10115", edit.Labelled("Postal code")!.GetAttribute("value"));
        Assert.Equal("Berlin", edit.Labelled("City")!.GetAttribute("value"));
        Assert.Equal(("Hauptstraße 5", "10115", "Berlin"), (await App.Database.QueryAsync<(string, string, string)>(
            "SELECT address, postal_code, city FROM customers WHERE id = @id", new { id }))[0]);
    }

    [Fact]
    public async Task Address_fields_are_optional()
    {
        var client = await App.SignInAsync();

        var id = await CreatedIdAsync(client, Valid());

        Assert.Equal(0, await App.Database.ScalarAsync<int>(
            "SELECT COUNT(*) FROM customers WHERE id = @id AND (address IS NOT NULL OR postal_code IS NOT NULL OR city IS NOT NULL)", new { id }));
    }

    [Theory]
    [InlineData("Input.Address", "Address", 200)]
    [InlineData("Input.PostalCode", "Postal code", 20)]
    [InlineData("Input.City", "City", 100)]
    public async Task An_address_part_longer_than_its_column_is_refused_next_to_its_field(string field, string label, int max)
    {
        var client = await App.SignInAsync();
        var tooLong = new string('ä', max + 1);

        var response = await CreateAsync(client, WithAddress(Valid()).With(field, tooLong));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var form = Html.Parse(await response.Content.ReadAsStringAsync());
        var control = form.Labelled(label)!;
        Assert.Equal(tooLong, control.GetAttribute("value"));
        Assert.Contains(label, form.ErrorOf(control));
    }
}
