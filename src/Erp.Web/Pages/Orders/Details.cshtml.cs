using Erp.Data.Invoices;
using Erp.Data.Orders;
using Erp.Web.Htmx;
using Erp.Web.Security;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Orders;

/// <summary>
/// One order: lines edited inline while draft, then Confirm / Ship / Cancel order / Create invoice.
/// htmx posts get the order panel back; plain posts are redirected (success) or re-rendered (refusal).
/// Every form carries the order version it was rendered from; a stale one answers 409.
/// </summary>
public sealed class DetailsModel(OrderStore orders, OrderWorkflow workflow, InvoiceStore invoices, OrderLookupStore lookups) : PageModel
{
    [FromRoute]
    public long Id { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public NewLineInput NewLine { get; set; } = new();

    [BindProperty]
    public LineInput Line { get; set; } = new();

    /// <summary>Set by the confirmation step's form: the user has answered "Are you sure?".</summary>
    [BindProperty(Name = "confirmed")]
    public bool Confirmed { get; set; }

    /// <summary>The irreversible action waiting for the user's answer (a plain form post without <c>confirmed</c>).</summary>
    public OrderAction? Confirming { get; private set; }

    /// <summary>The line a Remove line waiting for confirmation would remove.</summary>
    public OrderLine? ConfirmingLine { get; private set; }

    public OrderDetail Order { get; private set; } = null!;

    public string? Alert { get; private set; }

    public bool Stale { get; private set; }

    /// <summary>The line whose posted values are shown back with their errors (null after a success or a stale post).</summary>
    public long? EditedLineId { get; private set; }

    public IReadOnlyList<PickItem> ProductOptions { get; private set; } = [];

    /// <summary>After a line was added (htmx), the swapped-in Product field takes the focus for the next line.</summary>
    public bool FocusNewLine { get; private set; }

    /// <summary>
    /// A missing or garbled version counts as stale (409) and a garbled line id as unknown (404), not as input errors.
    /// (An unknown POST ?handler= is a 404 for every page: UnknownPostHandlerFilter.)
    /// </summary>
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ModelState.Remove(nameof(Version));
        ModelState.Remove("Line.LineId");
        ModelState.Remove("confirmed");
    }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(StatusCodes.Status200OK, ct);

    /// <summary>The History section (htmx, loaded when revealed): this order's and its lines' changes, newest first.</summary>
    public Task<IActionResult> OnGetHistoryAsync(string? older, [FromServices] Erp.Web.Audit.RecordHistory history, CancellationToken ct) =>
        history.SectionAsync(this, Erp.Data.Infrastructure.Entities.Order, Id, older, ct);

    /// <summary>The Product datalist options for what has been typed so far (htmx, as the user types).</summary>
    public async Task<IActionResult> OnGetProductsAsync([FromQuery(Name = "NewLine.Product")] string? product, CancellationToken ct) =>
        Partial("_PickOptions", await lookups.SearchProductsAsync(product, ct));

    public async Task<IActionResult> OnPostAddLineAsync(CancellationToken ct)
    {
        // Anyone but an admin gets the product's price, whatever was posted (Policies.ManagePrices).
        var mayPrice = await this.MayAsync(Policies.ManagePrices);
        var line = LineValues.Validate(ModelState, nameof(NewLine), NewLine.Quantity, mayPrice ? NewLine.UnitPrice : null);
        (var productId, ProductOptions) = await Picker.Product.ResolveAsync(NewLine.Product, lookups.ResolveProductAsync, ModelState, "NewLine.Product", ct);
        if (!ModelState.IsValid || line is null || productId is null)
        {
            return await ShowAsync(StatusCodes.Status422UnprocessableEntity, ct);
        }
        return await AfterAsync(await orders.AddLineAsync(Id, Version, productId.Value, line.Quantity, line.UnitPrice, ct), "NewLine", ct);
    }

    public async Task<IActionResult> OnPostSaveLineAsync(CancellationToken ct)
    {
        EditedLineId = Line.LineId;
        // Anyone but an admin keeps the line's price, whatever was posted (Policies.ManagePrices).
        var mayPrice = await this.MayAsync(Policies.ManagePrices);
        var line = LineValues.Validate(ModelState, nameof(Line), Line.Quantity, mayPrice ? Line.UnitPrice : null);
        if (!ModelState.IsValid || line is null)
        {
            return await ShowAsync(StatusCodes.Status422UnprocessableEntity, ct);
        }
        return await AfterAsync(await orders.ChangeLineAsync(Id, Version, Line.LineId, line.Quantity, line.UnitPrice, keepPrice: !mayPrice, ct), "Line", ct);
    }

    public async Task<IActionResult> OnPostRemoveLineAsync(CancellationToken ct) =>
        await AskFirstAsync(OrderActions.RemoveLine, ct) ?? await AfterAsync(await orders.RemoveLineAsync(Id, Version, Line.LineId, ct), null, ct);

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct) =>
        await AfterAsync(await workflow.ConfirmAsync(Id, Version, ct), null, ct);

    public async Task<IActionResult> OnPostShipAsync(CancellationToken ct) =>
        await AskFirstAsync(OrderActions.Ship, ct) ?? await AfterAsync(await workflow.ShipAsync(Id, Version, ct), null, ct);

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        await AskFirstAsync(OrderActions.Cancel, ct) ?? await AfterAsync(await workflow.CancelAsync(Id, Version, ct), null, ct);

    public async Task<IActionResult> OnPostCreateInvoiceAsync(CancellationToken ct) =>
        await AskFirstAsync(OrderActions.CreateInvoice, ct) ?? await AfterAsync(await invoices.CreateForOrderAsync(Id, Version, ct), null, ct);

    /// <summary>
    /// An irreversible action posted by a plain form (no JavaScript) without <c>confirmed</c> answers
    /// with "Are you sure?" and the real button; htmx posts were asked by hx-confirm in the browser.
    /// Only an action that would go through is asked about: a refused, stale or unknown one gets its
    /// usual answer at once. Null: go ahead.
    /// </summary>
    private async Task<IActionResult?> AskFirstAsync(OrderAction action, CancellationToken ct)
    {
        if (Confirmed || Request.IsHtmx())
        {
            return null;
        }
        var order = await orders.GetAsync(Id, ct);
        if (order is null || order.Version != Version || !action.Offered(order))
        {
            return null;
        }
        var line = action == OrderActions.RemoveLine ? order.Lines.FirstOrDefault(l => l.Id == Line.LineId) : null;
        if (action == OrderActions.RemoveLine && line is null)
        {
            return null;
        }
        Order = order;
        Confirming = action;
        ConfirmingLine = line;
        return Page();
    }

    private async Task<IActionResult> AfterAsync(OrderResult result, string? prefix, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case OrderOutcome.Done when !Request.IsHtmx():
                return RedirectToPage("Details", new { id = Id });
            case OrderOutcome.Done:
                ModelState.Clear();
                NewLine = new NewLineInput();
                EditedLineId = null;
                FocusNewLine = prefix == "NewLine";
                return await ShowAsync(StatusCodes.Status200OK, ct);
            case OrderOutcome.NotFound:
                return NotFound();
            case OrderOutcome.Stale:
                Stale = true;
                EditedLineId = null;
                Alert = result.Message;
                return await ShowAsync(StatusCodes.Status409Conflict, ct);
            case OrderOutcome.Invalid when prefix is not null && result.Field is not null:
                ModelState.AddModelError($"{prefix}.{result.Field}", result.Message!);
                return await ShowAsync(StatusCodes.Status422UnprocessableEntity, ct);
            default:
                EditedLineId = null;
                Alert = result.Message;
                return await ShowAsync(result.Outcome == OrderOutcome.Invalid
                    ? StatusCodes.Status422UnprocessableEntity
                    : StatusCodes.Status409Conflict, ct);
        }
    }

    /// <summary>The whole page, or only the order panel for an htmx post (a history restore gets the page).</summary>
    private async Task<IActionResult> ShowAsync(int status, CancellationToken ct)
    {
        var order = await orders.GetAsync(Id, ct);
        if (order is null)
        {
            return NotFound();
        }
        Order = order;
        return HttpMethods.IsPost(Request.Method)
            ? this.PageOrFragment("_OrderPanel", status)
            : new PageResult { StatusCode = status };
    }
}
