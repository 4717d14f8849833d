using System.Globalization;
using Erp.Data.Exports;
using Erp.Data.Paging;
using Erp.Web.Security;
using Erp.Web.Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;

namespace Erp.Web.Paging;

/// <summary>
/// Shared behaviour of the cursor lists (/orders, /customers, /products, /invoices): parse
/// cursor and limit, refuse bad input with 400 and a message the page shows, load one page,
/// sign the next cursor, and answer the full page or the rows fragment (htmx).
/// </summary>
public abstract class KeysetListPage<TRow>(CursorCodec codec) : PageModel
{
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; set; }

    [FromQuery(Name = "limit")]
    public string? Limit { get; set; }

    public IReadOnlyList<TRow> Rows { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public string? Error { get; private set; }

    /// <summary>Why the list is empty, when a filter names something that does not exist (shown instead of "No … match").</summary>
    public string? EmptyMessage { get; protected set; }

    /// <summary>The current URL with the next cursor: the last row's hx-get and the no-JS "Next page" link.</summary>
    public string? NextUrl
    {
        get
        {
            if (NextCursor is null)
            {
                return null;
            }
            var values = new RouteValueDictionary();
            foreach (var (name, value) in Request.Query)
            {
                if (name != "cursor" && !string.IsNullOrEmpty(value))
                {
                    values[name] = value.ToString();
                }
            }
            values["cursor"] = NextCursor;
            return Url.Page(null, values);
        }
    }

    protected async Task<IActionResult> ListAsync(ListFilters filters, Func<int, KeysetPosition?, Task<Page<TRow>>> load,
        Func<TRow, KeysetPosition> positionOf)
    {
        if (filters.Error is not null)
        {
            return Refuse(filters.Error);
        }
        int? limit = null;
        if (!string.IsNullOrEmpty(Limit))
        {
            if (!long.TryParse(Limit, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                return Refuse("The page size (limit) must be a whole number.");
            }
            limit = (int)Math.Clamp(parsed, 1, PageSize.Max); // pages clamp; only the API refuses sizes above 200
        }
        KeysetPosition? after = null;
        if (!string.IsNullOrEmpty(Cursor))
        {
            try
            {
                after = codec.Decode(Cursor, filters.Scope);
            }
            catch (InvalidCursorException e)
            {
                return Refuse(e.Message);
            }
        }

        var page = await load(PageSize.Clamp(limit), after);
        Rows = page.Rows;
        NextCursor = page.HasMore ? codec.Encode(filters.Scope, positionOf(page.Rows[^1])) : null;
        return this.PageOrFragment("_Rows");
    }

    /// <summary>The form action of "Export CSV": this list with its current filters and sort (no cursor), handler Export.</summary>
    public string ExportUrl
    {
        get
        {
            var values = new RouteValueDictionary();
            foreach (var (name, value) in Request.Query)
            {
                if (name is not ("cursor" or "before" or "at" or "limit" or "handler") && !string.IsNullOrEmpty(value))
                {
                    values[name] = value.ToString();
                }
            }
            values["handler"] = "Export";
            return Url.Page(null, values)!;
        }
    }

    /// <summary>
    /// "Export CSV": the list's filters, validated exactly as for the page, become a list-export job for the
    /// signed-in user; the browser goes to the export's page, which shows the progress and then the download.
    /// Bad filters get the list's own 400.
    /// </summary>
    protected async Task<IActionResult> ExportAsync(string? error, ExportQuery query, ExportStore exports, CancellationToken ct)
    {
        if (error is not null)
        {
            return Refuse(error);
        }
        var userId = Sessions.UserId(User) ?? throw new InvalidOperationException("Exports need a signed-in user.");
        var id = await exports.CreateAsync(userId, query, ct);
        return this.NavigateTo(Url.Page("/Exports/Details", new { id })!);
    }

    private IActionResult Refuse(string message)
    {
        Error = message;
        return this.PageOrFragment("_Rows", StatusCodes.Status400BadRequest);
    }

    /// <summary>The load of a list whose filters can match nothing (an unknown customer code): no query runs.</summary>
    protected static Task<Page<TRow>> NoRows() => Task.FromResult(new Page<TRow>([], false));

    /// <summary>Attributes for a row: the last one of a page that has more loads the next page when scrolled into view.</summary>
    public bool IsSentinel(int index) => NextCursor is not null && index == Rows.Count - 1;
}

/// <summary>A list request's cursor scope, or the first problem found in its filters.</summary>
public sealed record ListFilters(CursorScope Scope, string? Error = null);
