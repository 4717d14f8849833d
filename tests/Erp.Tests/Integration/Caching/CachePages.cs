using System.Diagnostics;
using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.Caching;

/// <summary>A page as one host answered it: the parsed document and how many statements it cost (X-Db-Commands).</summary>
public sealed record PageRead(IDocument Document, int DbCommands, TimeSpan Elapsed)
{
    public string Text => Document.Body?.TextContent ?? "";

    public string? ByTestId(string testId) => Document.QuerySelector($"[data-testid=\"{testId}\"]")?.TextContent.Trim();
}

public static class CachePages
{
    public static async Task<PageRead> ReadAsync(this HttpClient client, string url, bool htmx = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }
        var clock = Stopwatch.StartNew();
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        clock.Stop();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {html[..Math.Min(html.Length, 500)]}");
        // A table-row fragment parses inside a table body, where <tr> is allowed.
        var document = await new HtmlParser().ParseDocumentAsync(html.TrimStart().StartsWith("<tr", StringComparison.Ordinal)
            ? $"<table><tbody>{html}</tbody></table>" : html);
        var commands = int.Parse(response.Headers.GetValues("X-Db-Commands").Single(), CultureInfo.InvariantCulture);
        return new PageRead(document, commands, clock.Elapsed);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="within"/> has passed.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < within, $"Not within {within.TotalMilliseconds:N0} ms: {what}");
            await Task.Delay(25);
        }
    }
}

/// <summary>Two app hosts ("nodes") on one database and one Redis, each with its own memory cache, signed in.</summary>
public sealed class TwoHostsFixture : IAsyncLifetime
{
    public ErpApp A { get; private set; } = null!;
    public ErpApp B { get; private set; } = null!;
    public HttpClient ClientA { get; private set; } = null!;
    public HttpClient ClientB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        A = await ErpApp.StartAsync();
        B = A.StartSecondHost();
        ClientA = await A.SignInAsync();
        ClientB = await B.SignInAsync();
        // Each host checks a signed-in user's session against the database at most once a minute
        // (ADR 0006); take that read now, so the counts the tests compare are the pages' own.
        await ClientA.ReadAsync("/");
        await ClientB.ReadAsync("/");
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
