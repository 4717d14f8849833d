using System.Net;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Customers;

/// <summary>Valid customer form fields and the posts the tests make with them.</summary>
internal static class CustomerForms
{
    public const string FormId = "customer-form";

    public static string UniqueCode() => "T" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    public static Dictionary<string, string> Valid(string? code = null, string name = "Acme Trading") => new()
    {
        ["Input.Name"] = name,
        ["Input.Code"] = code ?? UniqueCode(),
        ["Input.Email"] = "orders@acme.example",
        ["Input.Phone"] = "+49 30 1234 5678",
        ["Input.Country"] = "Germany",
        ["Input.CreditLimit"] = "2500.00",
    };

    public static Dictionary<string, string> With(this Dictionary<string, string> fields, string field, string value)
    {
        fields[field] = value;
        return fields;
    }

    public static Task<HttpResponseMessage> CreateAsync(HttpClient client, Dictionary<string, string> fields, bool htmx = false) =>
        client.SubmitAsync("/customers/new", FormId, fields, htmx);

    /// <summary>Creates a customer through the form and returns its id (from the redirect to its page).</summary>
    public static async Task<long> CreatedIdAsync(HttpClient client, Dictionary<string, string> fields)
    {
        var response = await CreateAsync(client, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return IdFrom(response.Headers.Location!.OriginalString);
    }

    public static long IdFrom(string detailUrl)
    {
        Assert.Matches("^/customers/\\d+$", detailUrl);
        return long.Parse(detailUrl["/customers/".Length..]);
    }
}
