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
/// What the keyset list component (the <c>keyset-table</c> and <c>keyset-row</c> tag helpers and
/// wwwroot/js/keyset-list.js) needs from a list page: the list's URL without a position, the
/// neighbouring pages' URLs, and each row's signed position.
/// </summary>
public interface IKeysetList
{
    /// <summary>The current list (filters, sort, limit) without cursor, before or at: the first page.</summary>
    string ListUrl { get; }
    string? NextUrl { get; }
    string? PrevUrl { get; }

    /// <summary>The signed position of a rendered row (null for a row this request did not page, such as a row action's answer).</summary>
    string? CursorOf(object row);

    bool IsFirst(object row);
    bool IsLast(object row);
}

/// <summary>
/// Shared behaviour of the cursor lists (/orders, /customers, /products, /invoices, /admin/users):
/// parse the position (<c>cursor</c> next page, <c>before</c> previous page, <c>at</c> open at a row)
/// and limit, refuse bad input with 400 and a message the page shows, load one page, sign the
/// neighbouring pages' cursors and every row's, and answer the full page or the rows fragment (htmx).
/// </summary>
public abstract class KeysetListPage<TRow>(CursorCodec codec) : PageModel, IKeysetList where TRow : class
{
    public const string PositionParameters = "Use only one of cursor, before or at.";
    private static readonly string[] Positions = ["cursor", "before", "at"];

    [FromQuery(Name = "cursor")]
    public string? Cursor { get; set; }

    [FromQuery(Name = "before")]
    public string? Before { get; set; }

    [FromQuery(Name = "at")]
    public string? At { get; set; }

    [FromQuery(Name = "limit")]
    public string? Limit { get; set; }

    public IReadOnlyList<TRow> Rows { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public string? PrevCursor { get; private set; }
    public string? Error { get; private set; }

    /// <summary>True when this request asked for a position (a deep page): "nothing found" is not shown for an empty one.</summary>
    public bool HasPosition => !string.IsNullOrEmpty(Cursor) || !string.IsNullOrEmpty(Before) || !string.IsNullOrEmpty(At);

    /// <summary>Why the list is empty, when a filter names something that does not exist (shown instead of "No … match").</summary>
    public string? EmptyMessage { get; protected set; }

    private CursorScope? _scope;
    private Func<TRow, KeysetPosition>? _positionOf;

    public string ListUrl => UrlWith(null, null);

    /// <summary>The current URL with the next cursor: the last row's data-next and the no-JS "Next page" link.</summary>
    public string? NextUrl => NextCursor is null ? null : UrlWith("cursor", NextCursor);

    /// <summary>The current URL with the previous page's cursor: the first row's data-prev and the no-JS "Previous page" link.</summary>
    public string? PrevUrl => PrevCursor is null ? null : UrlWith("before", PrevCursor);

    public string? CursorOf(object row) =>
        _scope is null || _positionOf is null || row is not TRow typed ? null : codec.Encode(_scope, _positionOf(typed));

    public bool IsFirst(object row) => Rows.Count > 0 && ReferenceEquals(Rows[0], row);

    public bool IsLast(object row) => Rows.Count > 0 && ReferenceEquals(Rows[^1], row);

    private string UrlWith(string? name, string? value)
    {
        var values = new RouteValueDictionary();
        foreach (var (key, query) in Request.Query)
        {
            if (!Positions.Contains(key) && key != "handler" && !string.IsNullOrEmpty(query))
            {
                values[key] = query.ToString();
            }
        }
        if (name is not null)
        {
            values[name] = value;
        }
        return Url.Page(null, values)!;
    }

    protected async Task<IActionResult> ListAsync(ListRequest<TRow> request, CancellationToken ct)
    {
        EmptyMessage = request.Customer.Notice;
        var filters = request;
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
        var given = new[] { (Cursor, Seek.After), (Before, Seek.Before), (At, Seek.From) }.Where(p => !string.IsNullOrEmpty(p.Item1)).ToList();
        if (given.Count > 1)
        {
            return Refuse(PositionParameters);
        }
        KeysetPosition? position = null;
        if (given.Count == 1)
        {
            try
            {
                position = codec.Decode(given[0].Item1!, filters.Scope) with { Seek = given[0].Item2 };
            }
            catch (InvalidCursorException e)
            {
                return Refuse(e.Message);
            }
        }

        var page = await request.Load(PageSize.Clamp(limit), position, ct);
        Rows = page.Rows;
        _scope = request.Scope;
        _positionOf = request.PositionOf;
        string? Sign(TRow row) => codec.Encode(request.Scope, request.PositionOf(row));
        var (hasBefore, hasAfter) = position?.Seek switch
        {
            Seek.Before => (page.HasMore, true),
            Seek.After or Seek.From => (true, page.HasMore), // an at page's first row may be the list's first: its previous page is then empty
            _ => (false, page.HasMore),
        };
        PrevCursor = hasBefore && Rows.Count > 0 ? Sign(Rows[0]) : null;
        NextCursor = hasAfter && Rows.Count > 0 ? Sign(Rows[^1]) : null;
        return this.PageOrFragment("_Rows");
    }

    private IActionResult Refuse(string message)
    {
        Error = message;
        return this.PageOrFragment("_Rows", StatusCodes.Status400BadRequest);
    }

    /// <summary>The form action of "Export CSV": this list with its current filters and sort (no position), handler Export.</summary>
    public string ExportUrl => UrlWith("handler", "Export");

    /// <summary>
    /// "Export CSV": the list's filters, parsed exactly as for the page (<see cref="ListRequests"/>), become a
    /// list-export job for the signed-in user; the browser goes to the export's page, which shows the progress
    /// and then the download. Bad filters get the list's own 400.
    /// </summary>
    protected async Task<IActionResult> ExportAsync(ListRequest<TRow> request, ExportStore exports, CancellationToken ct)
    {
        if (request.Error is not null)
        {
            return Refuse(request.Error);
        }
        var userId = Sessions.UserId(User) ?? throw new InvalidOperationException("Exports need a signed-in user.");
        var query = request.Export ?? throw new InvalidOperationException($"{request.Scope} cannot be exported.");
        var id = await exports.CreateAsync(userId, query, ct);
        return this.NavigateTo(Url.Page("/Exports/Details", new { id })!);
    }
}
