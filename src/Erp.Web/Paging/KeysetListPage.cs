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

    protected async Task<IActionResult> ListAsync(ListRequest<TRow> request, CancellationToken ct)
    {
        EmptyMessage = request.Customer.Notice;
        var result = await KeysetPaging.LoadAsync(request, Cursor, Limit, refuseAboveMax: false, codec, ct);
        if (result.Error is not null)
        {
            Error = result.Error;
            return this.PageOrFragment("_Rows", StatusCodes.Status400BadRequest);
        }
        Rows = result.Rows;
        NextCursor = result.NextCursor;
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
    /// "Export CSV": the list's filters, parsed exactly as for the page (<see cref="ListRequests"/>), become a
    /// list-export job for the signed-in user; the browser goes to the export's page, which shows the progress
    /// and then the download. Bad filters get the list's own 400.
    /// </summary>
    protected async Task<IActionResult> ExportAsync(ListRequest<TRow> request, ExportStore exports, CancellationToken ct)
    {
        if (request.Error is not null)
        {
            Error = request.Error;
            return this.PageOrFragment("_Rows", StatusCodes.Status400BadRequest);
        }
        var userId = Sessions.UserId(User) ?? throw new InvalidOperationException("Exports need a signed-in user.");
        var query = request.Export ?? throw new InvalidOperationException($"{request.Scope} cannot be exported.");
        var id = await exports.CreateAsync(userId, query, ct);
        return this.NavigateTo(Url.Page("/Exports/Details", new { id })!);
    }

    /// <summary>Attributes for a row: the last one of a page that has more loads the next page when scrolled into view.</summary>
    public bool IsSentinel(int index) => NextCursor is not null && index == Rows.Count - 1;
}
