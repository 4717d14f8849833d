using System.Net;
using System.Net.Http.Headers;
using Erp.Tests.Support;

namespace Erp.Tests.Integration;

/// <summary>
/// The HTML side of the front-end budget (ADR 0014): a list's first page is at most 60 KB, is not
/// compressed (BREACH: it reflects user input next to the antiforgery token), and links its scripts and
/// stylesheet by fingerprinted URLs. The gzipped size and caching of those assets are measured on a
/// published app (PublishTests). /admin/users is not held to it: each of its rows carries four action
/// forms with their antiforgery tokens (about 1.5 KB a row).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FrontEndBudgetTests(ErpAppFixture fixture)
{
    private const int HtmlBudget = 60 * 1024;

    [Theory]
    [InlineData("/orders")]
    [InlineData("/customers")]
    [InlineData("/products")]
    [InlineData("/invoices")]
    public async Task A_list_first_page_is_small_uncompressed_html_that_links_fingerprinted_assets(string list)
    {
        var client = await fixture.App.SignInAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, list);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));

        var response = await client.SendAsync(request);
        var bytes = (await response.Content.ReadAsByteArrayAsync()).LongLength;
        var page = await response.ReadHtmlAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.True(bytes <= HtmlBudget, $"{list}: {bytes} B of HTML");
        Assert.Contains(page.QuerySelectorAll("tr"), r => r.HasAttribute("data-cursor")); // a full page of rows was measured
        var assets = page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!)
            .Concat(page.QuerySelectorAll("link[rel=stylesheet]").Select(s => s.GetAttribute("href")!)).ToList();
        Assert.Contains(assets, a => a.Contains("keyset-list"));
        // A content hash in the file name (MapStaticAssets' fingerprint), not a ?v= query.
        Assert.All(assets, a => Assert.Matches(@"^/[a-z/]+[.a-z-]*\.[a-z0-9]{8,}\.(js|css)$", a));
    }
}
