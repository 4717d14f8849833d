using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Erp.Tests.Integration;

/// <summary>
/// Pages read as HTML documents (AngleSharp), found by test id, id, label or text — not by regexes over markup.
/// Kept out of Support/, which the browser suite compiles too, so that only this project needs AngleSharp.
/// </summary>
public static class Dom
{
    private static readonly HtmlParser Parser = new();

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>The rows of a list (<c>data-testid="{entity}-row"</c>).</summary>
    public static IReadOnlyList<IElement> Rows(this IDocument document, string entity) =>
        [.. document.QuerySelectorAll($"[data-testid='{entity}-row']")];

    /// <summary>The text of each cell of a row, trimmed.</summary>
    public static IReadOnlyList<string> Cells(this IElement row) => [.. row.QuerySelectorAll("td").Select(c => c.TextContent.Trim())];

    /// <summary>The column headers of the table with <c>data-testid="{entity}-table"</c>.</summary>
    public static IReadOnlyList<string> Headers(this IDocument document, string entity) =>
        [.. document.QuerySelectorAll($"[data-testid='{entity}-table'] thead th").Select(h => h.TextContent.Trim())];

    /// <summary>The message of the field's error (role="alert", id "{field}-error"), or null.</summary>
    public static string? FieldError(this IDocument document, string field)
    {
        var error = document.GetElementById(field.Replace('.', '_') + "-error");
        return error?.GetAttribute("role") == "alert" ? error.TextContent.Trim() : null;
    }

    /// <summary>The control that a visible &lt;label&gt; with exactly this text names.</summary>
    public static IElement? Labelled(this IDocument document, string label)
    {
        var element = document.QuerySelectorAll("label").FirstOrDefault(l => l.TextContent.Trim() == label);
        var id = element?.GetAttribute("for");
        return id is null ? null : document.GetElementById(id);
    }

    /// <summary>The definition (dd) that follows the term (dt) with exactly this text.</summary>
    public static string? Definition(this IDocument document, string term) =>
        document.QuerySelectorAll("dt").FirstOrDefault(t => t.TextContent.Trim() == term)?.NextElementSibling?.TextContent.Trim();
}
