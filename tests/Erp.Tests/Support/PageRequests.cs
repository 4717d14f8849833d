using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Erp.Tests.Support;

/// <summary>One parameter as a browser (or htmx) would send it: a name, its value, and whether it travels in the query string.</summary>
public sealed record Field(string Name, string Value, bool InQuery = false);

/// <summary>
/// A request a page lets its user make, read from the rendered HTML: a form (with the fields it
/// submits, including controls outside it that name it with form="..."), an htmx element that
/// sends its own value (hx-get with a name, such as a picker), or a link with a query string
/// (a list filter or the next page).
/// </summary>
public sealed record PageRequest(string Method, string Path, IReadOnlyList<Field> Fields, bool Htmx, string? Token, string Kind)
{
    /// <summary>
    /// What makes two requests the same across renderings: method, path and (but for links, whose
    /// cursors change with the data) the action's query, ids blurred, and the field names.
    /// </summary>
    public string Signature
    {
        get
        {
            var query = Kind == "link" ? "" : string.Concat(Fields.Where(f => f.InQuery).Select(f => $"?{f.Name}={f.Value}"));
            return $"{Method} {Regex.Replace(Path + query, "[0-9]+", "#")} ({string.Join(", ", Fields.Select(f => f.Name))})";
        }
    }

    public override string ToString() => $"{Kind} {Signature}";
}

public static partial class PageRequests
{
    public const string TokenField = "__RequestVerificationToken";

    /// <summary>Every request <paramref name="page"/> (rendered at <paramref name="url"/>) offers, in document order.</summary>
    public static IReadOnlyList<PageRequest> Discover(IDocument page, string url)
    {
        var requests = new List<PageRequest>();
        foreach (var form in page.QuerySelectorAll("form").OfType<IHtmlFormElement>())
        {
            var post = string.Equals(form.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase) || form.HasAttribute("hx-post");
            var action = form.GetAttribute("action") ?? form.GetAttribute(post ? "hx-post" : "hx-get") ?? url;
            var controls = ControlsOf(page, form);
            var token = controls.FirstOrDefault(c => c.Name == TokenField)?.Value;
            var (path, query) = Split(Resolve(action, url));
            requests.Add(new PageRequest(post ? "POST" : "GET", path, [.. query, .. controls.Where(c => c.Name != TokenField)],
                form.HasAttribute("hx-post") || form.HasAttribute("hx-get"), token, "form"));
        }
        foreach (var element in page.QuerySelectorAll("[hx-get][name]"))
        {
            var (path, query) = Split(Resolve(element.GetAttribute("hx-get")!, url));
            requests.Add(new PageRequest("GET", path, [.. query, new Field(element.GetAttribute("name")!, ValueOf(element) ?? "")], true, null, "htmx element"));
        }
        foreach (var link in page.QuerySelectorAll("a[href*='?']"))
        {
            var href = link.GetAttribute("href")!;
            if (href.StartsWith('/'))
            {
                var (path, query) = Split(href);
                requests.Add(new PageRequest("GET", path, query, false, null, "link"));
            }
        }
        return requests;
    }

    /// <summary>The same-site pages <paramref name="page"/> links to (without query strings).</summary>
    public static IEnumerable<string> Links(IDocument page) =>
        page.QuerySelectorAll("a[href^='/']").Select(a => a.GetAttribute("href")!).Where(h => !h.Contains('?') && !h.Contains('#'));

    private static List<Field> ControlsOf(IDocument page, IHtmlFormElement form)
    {
        var inside = form.QuerySelectorAll("input, select, textarea").Where(e => !e.HasAttribute("form"));
        var outside = form.Id is { Length: > 0 } id ? page.QuerySelectorAll("input, select, textarea").Where(e => e.GetAttribute("form") == id) : [];
        var fields = new List<Field>();
        foreach (var control in inside.Concat(outside))
        {
            var name = control.GetAttribute("name");
            var type = control.GetAttribute("type")?.ToLowerInvariant();
            if (string.IsNullOrEmpty(name) || control.HasAttribute("disabled") || type is "submit" or "button" or "reset" or "image" or "file"
                || (type is "checkbox" or "radio" && !control.HasAttribute("checked")))
            {
                continue;
            }
            fields.Add(new Field(name, ValueOf(control) ?? (type is "checkbox" or "radio" ? "on" : "")));
        }
        return fields;
    }

    private static string? ValueOf(IElement control) => control switch
    {
        IHtmlSelectElement select => select.Options.FirstOrDefault(o => o.HasAttribute("selected"))?.Value ?? select.Options.FirstOrDefault()?.Value,
        IHtmlTextAreaElement area => area.TextContent,
        _ => control.GetAttribute("value"),
    };

    private static string Resolve(string target, string pageUrl) =>
        target.StartsWith('/') ? target : new Uri(new Uri("http://localhost" + pageUrl), target).PathAndQuery;

    private static (string Path, List<Field> Query) Split(string url)
    {
        var at = url.IndexOf('?');
        if (at < 0)
        {
            return (url, []);
        }
        var query = url[(at + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new Field(Uri.UnescapeDataString(p[0].Replace('+', ' ')), p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "", InQuery: true));
        return (url[..at], [.. query]);
    }
}
