using System.Net;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Products;

/// <summary>Valid product form fields and the posts the tests make with them.</summary>
internal static class ProductForms
{
    public const string FormId = "product-form";
    public const string AdjustFormId = "adjust-form";

    public static string UniqueSku() => "T-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    public static Dictionary<string, string> Valid(string? sku = null, string name = "Steel bolt M8", string openingStock = "25") => new()
    {
        ["Input.Sku"] = sku ?? UniqueSku(),
        ["Input.Name"] = name,
        ["Input.UnitPrice"] = "0.35",
        ["Input.OpeningStock"] = openingStock,
        ["Input.ReorderLevel"] = "10",
    };

    public static Dictionary<string, string> Adjustment(string quantity, string reason = "Cycle count") => new()
    {
        ["Adjust.Quantity"] = quantity,
        ["Adjust.Reason"] = reason,
    };

    public static Dictionary<string, string> With(this Dictionary<string, string> fields, string field, string value)
    {
        fields[field] = value;
        return fields;
    }

    public static Task<HttpResponseMessage> CreateAsync(HttpClient client, Dictionary<string, string> fields, bool htmx = false) =>
        client.SubmitAsync("/products/new", FormId, fields, htmx);

    public static Task<HttpResponseMessage> AdjustAsync(HttpClient client, long id, Dictionary<string, string> fields, bool htmx = false) =>
        client.SubmitAsync($"/products/{id}", AdjustFormId, fields, htmx);

    /// <summary>Creates a product through the form and returns its id (from the redirect to its page).</summary>
    public static async Task<long> CreatedIdAsync(HttpClient client, Dictionary<string, string> fields)
    {
        var response = await CreateAsync(client, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return IdFrom(response.Headers.Location!.OriginalString);
    }

    public static long IdFrom(string detailUrl)
    {
        Assert.Matches("^/products/\\d+$", detailUrl);
        return long.Parse(detailUrl["/products/".Length..]);
    }
}
