using System.Net;
using Erp.Tests.Support;
using static Erp.Tests.Integration.Customers.CustomerForms;

namespace Erp.Tests.Integration.Customers;

/// <summary>Every rule of the customer form refuses with 422 and a message next to its field, and writes nothing.</summary>
[Collection(AppCollection.Name)]
public sealed class CustomerValidationTests(ErpAppFixture fixture)
{
    private ErpApp App => fixture.App;

    private async Task<string> RefusedAsync(Dictionary<string, string> fields, string field, string expectedMessage)
    {
        var client = await App.SignInAsync();
        var before = await App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM customers");

        var response = await CreateAsync(client, fields);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(expectedMessage, FormPosts.FieldError(html, field));
        Assert.Equal(before, await App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM customers"));
        return html;
    }

    [Theory]
    [InlineData("Input.Name", "Name is required.")]
    [InlineData("Input.Code", "Code is required.")]
    [InlineData("Input.CreditLimit", "Credit limit is required.")]
    public async Task Blank_required_field_is_refused_next_to_the_field(string field, string message) =>
        await RefusedAsync(Valid().With(field, "   "), field, message);

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("name@localhost")]
    [InlineData("two words@example.com")]
    [InlineData("a@@example.com")]
    public async Task Malformed_email_is_refused(string email) =>
        await RefusedAsync(Valid().With("Input.Email", email), "Input.Email", "Enter an email address like name@example.com.");

    [Theory]
    [InlineData("Input.Name", "Name", 200)]
    [InlineData("Input.Code", "Code", 20)]
    [InlineData("Input.Phone", "Phone", 40)]
    [InlineData("Input.Country", "Country", 60)]
    public async Task Text_longer_than_its_column_is_refused_not_truncated(string field, string label, int max) =>
        await RefusedAsync(Valid().With(field, new string('x', max + 1)), field, $"{label} is {max + 1} characters long; at most {max} fit.");

    [Fact]
    public async Task Email_longer_than_254_characters_is_refused() =>
        await RefusedAsync(Valid().With("Input.Email", new string('a', 243) + "@example.com"), "Input.Email",
            "Email is 255 characters long; at most 254 fit.");

    [Theory]
    [InlineData("-0.01", "Credit limit cannot be negative.")]
    [InlineData("12.345", "Credit limit has at most 2 decimal places.")]
    [InlineData("1000000000000", "Credit limit must be at most 999,999,999,999.99.")]
    [InlineData("lots", "Credit limit must be an amount like 1250.00 or 1,250.00.")]
    [InlineData("2,50", "Credit limit must be an amount like 1250.00 or 1,250.00.")] // a decimal comma, not 250
    public async Task Credit_limit_outside_decimal_14_2_or_negative_is_refused(string value, string message) =>
        await RefusedAsync(Valid().With("Input.CreditLimit", value), "Input.CreditLimit", message);

    [Fact]
    public async Task Refused_form_keeps_what_the_user_typed()
    {
        var html = await RefusedAsync(Valid(name: "Kept <Name> & Co").With("Input.CreditLimit", "12.345"),
            "Input.CreditLimit", "Credit limit has at most 2 decimal places.");

        Assert.Equal("Kept <Name> & Co", FormPosts.InputValue(html, "Input.Name"));
        Assert.Equal("12.345", FormPosts.InputValue(html, "Input.CreditLimit"));
        Assert.Matches("<input[^>]*aria-invalid=\"true\" aria-describedby=\"Input_CreditLimit-error\" autofocus=\"autofocus\"", html);
    }

    [Fact]
    public async Task Text_at_the_column_limit_is_stored_whole_counting_characters_not_utf16_units()
    {
        var client = await App.SignInAsync();
        var name = string.Concat(Enumerable.Repeat("\U0001F600", 100)) + new string('n', 100); // 200 characters, 300 UTF-16 units
        var code = UniqueCode();

        var id = await CreatedIdAsync(client, Valid(code, name).With("Input.CreditLimit", "999999999999.99"));

        Assert.Equal(name, await App.Database.ScalarAsync<string>("SELECT name FROM customers WHERE id = @id", new { id }));
        Assert.Equal(999_999_999_999.99m, await App.Database.ScalarAsync<decimal>("SELECT credit_limit FROM customers WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Optional_fields_left_blank_are_stored_as_null()
    {
        var client = await App.SignInAsync();

        var id = await CreatedIdAsync(client, Valid().With("Input.Email", "").With("Input.Phone", " ").With("Input.Country", ""));

        var nulls = await App.Database.ScalarAsync<long>(
            "SELECT (email IS NULL) + (phone IS NULL) + (country IS NULL) FROM customers WHERE id = @id", new { id });
        Assert.Equal(3, nulls);
    }
}
