using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Security;

/// <summary>Signed-in clients by role, raw posts with a valid antiforgery token (as a forger would send), and HTML read with AngleSharp.</summary>
internal static class SecurityClients
{
    private static readonly HtmlParser Parser = new();

    public static Task<HttpClient> EmployeeAsync(this ErpApp app) => app.SignInAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);

    public static Task<HttpClient> AdminAsync(this ErpApp app) => app.SignInAsync(DemoUsers.AdminEmail, ErpApp.AdminPassword);

    /// <summary>
    /// Posts <paramref name="fields"/> to <paramref name="url"/> with the client's own valid antiforgery token
    /// (read from a page every signed-in user may open): a forged post, not one the page offered.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IDictionary<string, string> fields,
        bool htmx = false)
    {
        var token = await ErpApp.AntiforgeryTokenAsync(client, "/orders");
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]),
        };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> GetHtmxAsync(this HttpClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        return await client.SendAsync(request);
    }

    public static async Task<IDocument> DocumentAsync(this HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>Table rows of an htmx fragment (a bare &lt;tr&gt; only parses inside a table body).</summary>
    public static async Task<IReadOnlyList<IElement>> RowsAsync(this HttpResponseMessage response)
    {
        var host = (await Parser.ParseDocumentAsync("<table><tbody></tbody></table>")).QuerySelector("tbody")!;
        return [.. Parser.ParseFragment(await response.Content.ReadAsStringAsync(), host).OfType<IElement>().Where(e => e.LocalName == "tr")];
    }

    public static IElement? Button(this IParentNode scope, string name) =>
        scope.QuerySelectorAll("button").FirstOrDefault(b => b.TextContent.Trim() == name);

    public static string Alert(this IParentNode scope) =>
        scope.QuerySelector("[role='alert']:not(#notices)")?.TextContent.Trim() ?? "";
}
