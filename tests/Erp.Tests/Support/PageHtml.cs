using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Erp.Tests.Support;

/// <summary>Reads pages the way users and QA scripts see them: by test id, label, role and text (AngleSharp).</summary>
public static class PageHtml
{
    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string path) =>
        Parse(await client.GetStringAsync(path));

    /// <summary>The element with data-testid <paramref name="testId"/>; fails the test when it is missing.</summary>
    public static IElement ByTestId(this IParentNode node, string testId) =>
        node.QuerySelector($"[data-testid='{testId}']") ?? throw new Xunit.Sdk.XunitException($"No element with data-testid '{testId}'.");

    public static IEnumerable<IElement> AllByTestId(this IParentNode node, string testId) =>
        node.QuerySelectorAll($"[data-testid='{testId}']");

    /// <summary>The text of the &lt;dd&gt; that follows the &lt;dt&gt; reading <paramref name="term"/>.</summary>
    public static string? Definition(this IParentNode node, string term) =>
        node.QuerySelectorAll("dt").FirstOrDefault(dt => dt.TextContent.Trim() == term)?.NextElementSibling?.TextContent.Trim();

    /// <summary>The form control labelled <paramref name="label"/> (a visible &lt;label for&gt;).</summary>
    public static IElement Labelled(this IDocument document, string label)
    {
        var element = document.QuerySelectorAll("label").FirstOrDefault(l => l.TextContent.Trim() == label)
                      ?? throw new Xunit.Sdk.XunitException($"No label '{label}'.");
        return document.GetElementById(element.GetAttribute("for") ?? "")
               ?? throw new Xunit.Sdk.XunitException($"Label '{label}' points to no control.");
    }

    /// <summary>The role="alert" message described by the control (aria-describedby), or null.</summary>
    public static string? ErrorOf(this IDocument document, IElement control) =>
        (control.GetAttribute("aria-describedby") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(document.GetElementById)
        .FirstOrDefault(e => e?.GetAttribute("role") == "alert")?.TextContent.Trim();

    /// <summary>Whitespace collapsed to single spaces, so tests compare what a reader sees.</summary>
    public static string Visible(this INode node) => string.Join(' ', node.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
