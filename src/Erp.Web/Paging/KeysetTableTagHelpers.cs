using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Erp.Web.Paging;

/// <summary>
/// The keyset list component (ADR 0014), table side: <c>&lt;table keyset-table="orders"&gt;</c> on a page
/// whose model is a <see cref="IKeysetList"/> marks the table for wwwroot/js/keyset-list.js (the bounded
/// window, both scroll directions, the <c>at</c> URL), says the row count is unknown (no COUNT runs:
/// <c>aria-rowcount="-1"</c>), and renders after it the loading indicator and the no-JavaScript
/// "Previous page" / "Next page" links.
/// </summary>
[HtmlTargetElement("table", Attributes = "keyset-table")]
public sealed class KeysetTableTagHelper(IConfiguration configuration) : TagHelper
{
    /// <summary>Rows kept in the page at most; 0 keeps every row (plain infinite scroll, the benchmark's baseline).</summary>
    public const string WindowKey = "Lists:Window";
    public const int DefaultWindow = 300;

    /// <summary>The plural entity name of the list (orders, customers, ...): the indicator's id is <c>{entity}-loading</c>.</summary>
    [HtmlAttributeName("keyset-table")]
    public required string Entity { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var list = ViewContext.ViewData.Model as IKeysetList
            ?? throw new InvalidOperationException("keyset-table needs a page model that is an IKeysetList (a KeysetListPage).");
        output.Attributes.SetAttribute("aria-rowcount", "-1");
        output.Attributes.SetAttribute("data-keyset-list", list.ListUrl);
        output.Attributes.SetAttribute("data-window", configuration.GetValue(WindowKey, DefaultWindow).ToString(System.Globalization.CultureInfo.InvariantCulture));
        output.Attributes.SetAttribute("data-indicator", $"{Entity}-loading");

        var footer = new HtmlContentBuilder();
        footer.AppendHtml($"""<p id="{HtmlEncoder.Default.Encode(Entity)}-loading" class="htmx-indicator loading" role="status">Loading more {HtmlEncoder.Default.Encode(Entity)}…</p>""");
        if (list.PrevUrl is not null || list.NextUrl is not null)
        {
            footer.AppendHtml("""<noscript><p class="pager">""");
            if (list.PrevUrl is not null)
            {
                footer.AppendHtml($"""<a href="{HtmlEncoder.Default.Encode(list.PrevUrl)}">Previous page</a> """);
            }
            if (list.NextUrl is not null)
            {
                footer.AppendHtml($"""<a href="{HtmlEncoder.Default.Encode(list.NextUrl)}">Next page</a>""");
            }
            footer.AppendHtml("</p></noscript>");
        }
        output.PostElement.AppendHtml(footer);
    }
}

/// <summary>
/// The keyset list component, row side: <c>&lt;tr keyset-row="row"&gt;</c> gives the row its signed
/// position (<c>data-cursor</c>: the script prunes and restores by it and writes it to the URL as
/// <c>at</c>); the page's first row carries the previous page's URL (<c>data-prev</c>) and its last row
/// the next page's (<c>data-next</c>).
/// </summary>
[HtmlTargetElement("tr", Attributes = "keyset-row")]
public sealed class KeysetRowTagHelper : TagHelper
{
    [HtmlAttributeName("keyset-row")]
    public required object Row { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (ViewContext.ViewData.Model is not IKeysetList list)
        {
            return;
        }
        if (list.CursorOf(Row) is { } cursor)
        {
            output.Attributes.SetAttribute("data-cursor", cursor);
        }
        if (list.IsFirst(Row))
        {
            output.Attributes.SetAttribute("data-list", list.ListUrl);
            if (list.PrevUrl is not null)
            {
                output.Attributes.SetAttribute("data-prev", list.PrevUrl);
            }
        }
        if (list.IsLast(Row) && list.NextUrl is not null)
        {
            output.Attributes.SetAttribute("data-next", list.NextUrl);
        }
    }
}
