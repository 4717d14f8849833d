using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Erp.Tests.Support;

/// <summary>
/// Reads the app's HTML the way a user or a screen reader finds things: by role, label, test id
/// or text (AngleSharp), never by regexes tied to whitespace or attribute order.
/// </summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>An htmx fragment, parsed inside <paramref name="context"/> (list rows need a tbody, or the parser drops them).</summary>
    public static IElement ParseFragment(string html, string context = "tbody")
    {
        var host = Parse(context == "tbody" ? "<table><tbody></tbody></table>" : $"<{context}></{context}>").QuerySelector(context)!;
        host.InnerHtml = html;
        return host;
    }

    /// <summary>
    /// A whole page in the layout: a doctype, and the layout's &lt;main id="main"&gt; with its
    /// #notices live region. (The parser always synthesizes &lt;html&gt;, so that alone tells nothing.)
    /// </summary>
    public static bool IsFullPage(string html)
    {
        var document = Parse(html);
        return document.Doctype is not null && document.GetElementById("main") is not null && document.GetElementById("notices") is not null;
    }

    /// <summary>An htmx fragment: no doctype, nothing in &lt;head&gt;, no layout (#main, #notices, main navigation).</summary>
    public static bool IsFragment(string html)
    {
        var document = Parse(html);
        return document.Doctype is null && document.Head?.ChildElementCount is null or 0
            && document.GetElementById("main") is null && document.GetElementById("notices") is null
            && document.ByRole("navigation", "Main") is null;
    }

    /// <summary>
    /// The element a fragment starts with (only whitespace before it), or null: the element htmx
    /// swaps in, e.g. the form or panel that replaces itself.
    /// </summary>
    public static IElement? Lead(string html) =>
        Parse(html).Body?.ChildNodes.FirstOrDefault(n => n is not IText t || !string.IsNullOrWhiteSpace(t.Data)) as IElement;

    /// <summary>The data-id of every row with the test id "&lt;entity&gt;-row" (the test-id contract in README.md), in order.</summary>
    public static IReadOnlyList<long> RowIds(this IParentNode node, string entity) =>
        [.. node.AllByTestId($"{entity}-row").Select(r => long.Parse(r.GetAttribute("data-id")!, System.Globalization.CultureInfo.InvariantCulture))];

    public static async Task<IHtmlDocument> ReadHtmlAsync(this HttpResponseMessage response) =>
        Parse(await response.Content.ReadAsStringAsync());

    public static async Task<IHtmlDocument> GetHtmlAsync(this HttpClient client, string url) =>
        await (await client.GetAsync(url)).ReadHtmlAsync();

    /// <summary>Text as it reads: whitespace runs collapsed, trimmed.</summary>
    public static string ReadText(this INode node) =>
        string.Join(' ', node.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static IElement? ByTestId(this IParentNode node, string testId) =>
        node.QuerySelectorAll("[data-testid]").FirstOrDefault(e => e.GetAttribute("data-testid") == testId);

    public static IReadOnlyList<IElement> AllByTestId(this IParentNode node, string testId) =>
        [.. node.QuerySelectorAll("[data-testid]").Where(e => e.GetAttribute("data-testid") == testId)];

    /// <summary>
    /// Elements by ARIA role (explicit role="..." or the implicit role of button, a[href], form
    /// with a name, table, row), optionally with the accessible name <paramref name="name"/>
    /// (aria-label, else the text).
    /// </summary>
    public static IReadOnlyList<IElement> AllByRole(this IParentNode node, string role, string? name = null) =>
        [.. node.QuerySelectorAll("*").Where(e => RoleOf(e) == role && (name is null || NameOf(e) == name))];

    public static IElement? ByRole(this IParentNode node, string role, string? name = null) =>
        node.AllByRole(role, name).FirstOrDefault();

    /// <summary>The texts of every role="alert" element that says something (field errors, page alerts).</summary>
    public static IReadOnlyList<string> Alerts(this IParentNode node) =>
        [.. node.AllByRole("alert").Select(e => e.ReadText()).Where(t => t.Length > 0)];

    /// <summary>
    /// The form control labelled <paramref name="label"/> (a visible &lt;label for&gt; with exactly that
    /// text, else aria-label), or null.
    /// </summary>
    public static IElement? Labelled(this IParentNode node, string label)
    {
        var byLabel = node.QuerySelectorAll("label").FirstOrDefault(l => l.ReadText() == label);
        if (byLabel?.GetAttribute("for") is { } id)
        {
            var document = node as IDocument ?? (node as IElement)?.Owner;
            return document?.GetElementById(id) ?? node.QuerySelectorAll("[id]").FirstOrDefault(e => e.Id == id);
        }
        return node.QuerySelectorAll("input, select, textarea").FirstOrDefault(e => e.GetAttribute("aria-label") == label);
    }

    /// <summary>The role="alert" message the control points to with aria-describedby, or null.</summary>
    public static string? ErrorOf(this IDocument document, IElement control) =>
        (control.GetAttribute("aria-describedby") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(document.GetElementById)
        .FirstOrDefault(e => e?.GetAttribute("role") == "alert")?.ReadText();

    /// <summary>The text of the &lt;dd&gt; that follows the &lt;dt&gt; reading <paramref name="term"/>.</summary>
    public static string? Definition(this IParentNode node, string term) =>
        node.QuerySelectorAll("dt").FirstOrDefault(dt => dt.ReadText() == term)?.NextElementSibling?.ReadText();

    /// <summary>The rows of a list (<c>data-testid="{entity}-row"</c>).</summary>
    public static IReadOnlyList<IElement> Rows(this IParentNode node, string entity) => node.AllByTestId($"{entity}-row");

    /// <summary>The text of each cell of a row, trimmed.</summary>
    public static IReadOnlyList<string> Cells(this IElement row) => [.. row.QuerySelectorAll("td").Select(c => c.TextContent.Trim())];

    /// <summary>The column headers of the table with <c>data-testid="{entity}-table"</c>.</summary>
    public static IReadOnlyList<string> Headers(this IParentNode node, string entity) =>
        [.. node.QuerySelectorAll($"[data-testid='{entity}-table'] thead th").Select(h => h.TextContent.Trim())];

    /// <summary>The message of the field's error (role="alert", id "&lt;field&gt;-error"), or null when it has none.</summary>
    public static string? FieldError(this IParentNode node, string field)
    {
        var id = field.Replace('.', '_') + "-error";
        return node.QuerySelectorAll("[role=alert]").FirstOrDefault(e => e.Id == id)?.ReadText();
    }

    /// <summary>The value of the control named <paramref name="name"/>, as rendered.</summary>
    public static string? ValueOf(this IParentNode node, string name) =>
        node.QuerySelectorAll("[name]").FirstOrDefault(e => e.GetAttribute("name") == name) switch
        {
            IHtmlSelectElement select => select.SelectedOptions.FirstOrDefault()?.Value,
            IHtmlTextAreaElement area => area.Value,
            { } element => element.GetAttribute("value"),
            null => null,
        };

    /// <summary>The antiforgery token a form (or the first form of a page) carries.</summary>
    public static string? AntiforgeryToken(this IParentNode node) =>
        node.QuerySelectorAll("input[name=__RequestVerificationToken]").FirstOrDefault()?.GetAttribute("value");

    private static string? RoleOf(IElement e) => e.GetAttribute("role") ?? e.LocalName switch
    {
        "button" => "button",
        "a" when e.HasAttribute("href") => "link",
        "form" when e.HasAttribute("aria-label") || e.HasAttribute("aria-labelledby") => "form",
        "table" => "table",
        "nav" => "navigation",
        "tr" => "row",
        "select" => "combobox",
        "input" when e.GetAttribute("type") is "submit" or "button" => "button",
        "h1" or "h2" or "h3" or "h4" or "h5" or "h6" => "heading",
        _ => null,
    };

    private static string NameOf(IElement e) => e.GetAttribute("aria-label") ?? e.ReadText();
}
