using System.Net;
using Erp.Tests.Integration.Customers;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Integration.Products;
using Erp.Tests.Support;

namespace Erp.Tests.Integration;

/// <summary>One money rule: every form that takes an amount reads the same text the same way.</summary>
[Collection(AppCollection.Name)]
public sealed class MoneyRuleTests(ErpAppFixture fixture)
{
    private readonly OrderTestData _data = new(fixture.App);
    private ErpApp App => fixture.App;

    /// <summary>What a form made of the typed amount: the stored value, or the refusal without the field's label.</summary>
    private sealed record Answer(decimal? Stored, string? Refusal);

    public static TheoryData<string, string?, string?> Inputs() => new()
    {
        { "1,250.00", "1250.00", null },
        { "1250", "1250.00", null },
        { " 0.5 ", "0.50", null },
        { "12,50", null, "must be an amount like 1250.00 or 1,250.00." }, // a decimal comma, not 1,250
        { "1e3", null, "must be an amount like 1250.00 or 1,250.00." },
        { "-1", null, "cannot be negative." },
        { "1.234", null, "has at most 2 decimal places." },
        { "1000000000000", null, "must be at most 999,999,999,999.99." },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Customer_product_and_order_line_forms_give_the_same_answer(string typed, string? stored, string? refusal)
    {
        var client = await App.SignInAsync();
        var expected = new Answer(stored is null ? null : decimal.Parse(stored, System.Globalization.CultureInfo.InvariantCulture),
            refusal);

        var answers = new Dictionary<string, Answer>
        {
            ["customer credit limit"] = await CustomerAsync(client, typed),
            ["product unit price"] = await ProductAsync(client, typed),
            ["order line unit price"] = await OrderLineAsync(client, typed),
        };

        Assert.All(answers, a => Assert.True(expected == a.Value, $"{a.Key}: {a.Value}, expected {expected}"));
    }

    private async Task<Answer> CustomerAsync(HttpClient client, string typed)
    {
        var code = CustomerForms.UniqueCode();
        var response = await CustomerForms.CreateAsync(client, CustomerForms.With(CustomerForms.Valid(code), "Input.CreditLimit", typed));
        return await AnswerAsync(response, HttpStatusCode.Redirect, "Input.CreditLimit", "Credit limit",
            () => App.Database.ScalarAsync<decimal>("SELECT credit_limit FROM customers WHERE code = @code", new { code }));
    }

    private async Task<Answer> ProductAsync(HttpClient client, string typed)
    {
        var sku = ProductForms.UniqueSku();
        var response = await ProductForms.CreateAsync(client, ProductForms.With(ProductForms.Valid(sku), "Input.UnitPrice", typed));
        return await AnswerAsync(response, HttpStatusCode.Redirect, "Input.UnitPrice", "Unit price",
            () => App.Database.ScalarAsync<decimal>("SELECT unit_price FROM products WHERE sku = @sku", new { sku }));
    }

    private async Task<Answer> OrderLineAsync(HttpClient client, string typed)
    {
        var customer = await _data.CustomerAsync();
        var product = await _data.ProductAsync(9.99m, 10);
        var id = await _data.DraftAsync(customer.Id);
        var response = await OrderTestData.PostAsync(client, id, "AddLine", new()
        {
            ["Version"] = "1",
            ["NewLine.Product"] = product.Sku,
            ["NewLine.Quantity"] = "1",
            ["NewLine.UnitPrice"] = typed,
        }, htmx: true);
        return await AnswerAsync(response, HttpStatusCode.OK, "NewLine.UnitPrice", "Unit price",
            () => App.Database.ScalarAsync<decimal>("SELECT unit_price FROM sales_order_lines WHERE order_id = @id", new { id }));
    }

    private static async Task<Answer> AnswerAsync(HttpResponseMessage response, HttpStatusCode accepted, string field, string label,
        Func<Task<decimal>> stored)
    {
        if (response.StatusCode == accepted)
        {
            return new Answer(await stored(), null);
        }
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var message = Html.Parse(await response.Content.ReadAsStringAsync()).FieldError(field);
        Assert.NotNull(message);
        Assert.StartsWith(label + " ", message);
        return new Answer(null, message[(label.Length + 1)..]);
    }
}
