using System.Net;
using Erp.Tests.Support;
using static Erp.Tests.Integration.Products.ProductForms;

namespace Erp.Tests.Integration.Products;

/// <summary>Every rule of the product form refuses with 422 and a message next to its field, and writes nothing.</summary>
[Collection(AppCollection.Name)]
public sealed class ProductValidationTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    private async Task<string> RefusedAsync(Dictionary<string, string> fields, string field, string expectedMessage)
    {
        var client = await App.SignInAsync();
        const string counts = "SELECT (SELECT COUNT(*) FROM products) * 1000000 + (SELECT COUNT(*) FROM stock_movements)";
        var before = await App.Database.ScalarAsync<long>(counts);

        var response = await CreateAsync(client, fields);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(expectedMessage, FormPosts.FieldError(html, field));
        Assert.Equal(before, await App.Database.ScalarAsync<long>(counts));
        return html;
    }

    [Theory]
    [InlineData("Input.Sku", "SKU is required.")]
    [InlineData("Input.Name", "Name is required.")]
    [InlineData("Input.UnitPrice", "Unit price is required.")]
    [InlineData("Input.OpeningStock", "Opening stock is required.")]
    [InlineData("Input.ReorderLevel", "Reorder level is required.")]
    public async Task Blank_required_field_is_refused_next_to_the_field(string field, string message) =>
        await RefusedAsync(Valid().With(field, ""), field, message);

    [Theory]
    [InlineData("Input.Sku", "SKU", 40)]
    [InlineData("Input.Name", "Name", 200)]
    public async Task Text_longer_than_its_column_is_refused_not_truncated(string field, string label, int max) =>
        await RefusedAsync(Valid().With(field, new string('x', max + 1)), field, $"{label} is {max + 1} characters long; at most {max} fit.");

    [Theory]
    [InlineData("-1", "Unit price cannot be negative.")]
    [InlineData("0.355", "Unit price has at most 2 decimal places.")]
    [InlineData("1000000000000.00", "Unit price must be at most 999,999,999,999.99.")]
    [InlineData("1,5,x", "Unit price must be an amount like 1250.00 or 1,250.00.")]
    [InlineData("12,50", "Unit price must be an amount like 1250.00 or 1,250.00.")] // a decimal comma, not 1,250
    public async Task Unit_price_outside_decimal_14_2_or_negative_is_refused(string value, string message) =>
        await RefusedAsync(Valid().With("Input.UnitPrice", value), "Input.UnitPrice", message);

    [Theory]
    [InlineData("Input.OpeningStock", "Opening stock", "2.5", "Opening stock must be a whole number.")]
    [InlineData("Input.OpeningStock", "Opening stock", "1,5", "Opening stock must be a whole number.")]
    [InlineData("Input.OpeningStock", "Opening stock", "-1", "Opening stock must be from 0 to 1,000,000.")]
    [InlineData("Input.OpeningStock", "Opening stock", "1000001", "Opening stock must be from 0 to 1,000,000.")]
    [InlineData("Input.ReorderLevel", "Reorder level", "ten", "Reorder level must be a whole number.")]
    [InlineData("Input.ReorderLevel", "Reorder level", "-5", "Reorder level must be from 0 to 1,000,000.")]
    [InlineData("Input.ReorderLevel", "Reorder level", "1000001", "Reorder level must be from 0 to 1,000,000.")]
    public async Task Quantity_that_is_not_a_whole_number_in_range_is_refused(string field, string label, string value, string message)
    {
        Assert.StartsWith(label, message);
        await RefusedAsync(Valid().With(field, value), field, message);
    }

    [Fact]
    public async Task Refused_form_keeps_what_the_user_typed()
    {
        var html = await RefusedAsync(Valid(name: "Kept \"quoted\" name").With("Input.OpeningStock", "12.5"),
            "Input.OpeningStock", "Opening stock must be a whole number.");

        Assert.Equal("Kept \"quoted\" name", FormPosts.InputValue(html, "Input.Name"));
        Assert.Equal("12.5", FormPosts.InputValue(html, "Input.OpeningStock"));
        Assert.Equal("0.35", FormPosts.InputValue(html, "Input.UnitPrice"));
    }

    [Fact]
    public async Task Limits_themselves_are_accepted_and_stored_exactly()
    {
        var client = await App.SignInAsync();
        var sku = UniqueSku() + new string('S', 40 - 14);

        var id = await CreatedIdAsync(client, Valid(sku).With("Input.UnitPrice", "999999999999.99")
            .With("Input.OpeningStock", "1000000").With("Input.ReorderLevel", "1000000"));

        var row = Assert.Single(await App.Database.QueryAsync<(string Sku, decimal Price, int OnHand, int Reorder)>(
            "SELECT sku, unit_price, on_hand, reorder_level FROM products WHERE id = @id", new { id }));
        Assert.Equal((sku, 999_999_999_999.99m, 1_000_000, 1_000_000), row);
    }
}
