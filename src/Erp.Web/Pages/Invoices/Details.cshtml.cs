using Erp.Data.Invoices;
using Erp.Web.Htmx;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Invoices;

/// <summary>
/// An issued invoice. Its PDF and e-mails are made by jobs (docs/adr/0011-durable-jobs.md): the page shows
/// "Preparing PDF…" and polls (htmx, every 2 s) until the PDF exists; an invoice without one (seeded) gets
/// its job on first view. "Send by e-mail" records a request and enqueues its job; the sent time shows once sent.
/// </summary>
public sealed class DetailsModel(InvoiceStore invoices, InvoiceDocumentStore documents) : PageModel
{
    public const string NoAddressMessage =
        "This customer has no e-mail address, so nothing was sent. Add one on the customer's page, then send again.";

    public InvoiceDetail Invoice { get; private set; } = null!;

    public InvoiceFiles Files { get; private set; } = new(false, false, []);

    public bool PdfReady => Files.HasPdf;

    public IReadOnlyList<InvoiceEmail> Emails => Files.Emails;

    /// <summary>Why the last "Send by e-mail" was refused, shown in the e-mail section.</summary>
    public string? EmailError { get; private set; }

    /// <summary>True while an e-mail waits to be sent: the section polls until it is.</summary>
    public bool EmailPending => Files.EmailPending;

    /// <summary>The configured address as printed: one entry per line of Company:Address.</summary>
    public IEnumerable<string> CompanyAddressLines => Lines(Invoice.CompanyAddress);

    /// <summary>Street, then postal code and city on one line, then country; empty parts are left out.</summary>
    public IEnumerable<string> CustomerAddressLines => Lines(Invoice.CustomerAddress,
        string.Join(' ', new[] { Invoice.CustomerPostalCode, Invoice.CustomerCity }.Where(p => !string.IsNullOrWhiteSpace(p))),
        Invoice.CustomerCountry);

    private static IEnumerable<string> Lines(params string?[] parts) =>
        parts.SelectMany(p => (p ?? "").Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0);

    /// <summary>An unknown ?handler= is a 404 (Razor Pages would render the page without loading the invoice).</summary>
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod is null)
        {
            context.Result = NotFound();
        }
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Files = await documents.FilesAsync(id, ct);
        if (!Files.HasPdf && !Files.PdfRequested)
        {
            await documents.RequestPdfAsync(id, ct); // first view of an invoice without a PDF (seeded)
        }
        return Page();
    }

    /// <summary>The History section (htmx, loaded when revealed): this invoice's and its lines' changes, newest first.</summary>
    public Task<IActionResult> OnGetHistoryAsync(long id, string? older, [FromServices] Erp.Web.Audit.RecordHistory history, CancellationToken ct) =>
        history.SectionAsync(this, Erp.Data.Infrastructure.Entities.Invoice, id, older, ct);

    /// <summary>The PDF link, or "Preparing PDF…" that polls again (htmx replaces it with this answer).</summary>
    public async Task<IActionResult> OnGetPdfStatusAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Files = await documents.FilesAsync(id, ct);
        return this.PageOrFragment("_Pdf");
    }

    public async Task<IActionResult> OnGetPdfAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || await documents.PdfAsync(id, ct) is not { } pdf)
        {
            return NotFound();
        }
        return File(pdf, InvoiceDocumentStore.PdfContentType, $"{Invoice.InvoiceNo}.pdf");
    }

    public async Task<IActionResult> OnGetEmailsAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Files = await documents.FilesAsync(id, ct);
        return this.PageOrFragment("_Email");
    }

    public async Task<IActionResult> OnPostEmailAsync(long id, CancellationToken ct)
    {
        var (outcome, _) = await documents.RequestEmailAsync(id, ct);
        if (outcome == EmailRequestOutcome.InvoiceNotFound || !await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (outcome == EmailRequestOutcome.Requested && !Request.IsHtmx())
        {
            return Redirect(Url.Page("Details", new { id })!); // post/redirect/get
        }
        EmailError = outcome == EmailRequestOutcome.NoAddress ? NoAddressMessage : null;
        Files = await documents.FilesAsync(id, ct);
        return this.PageOrFragment("_Email", EmailError is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await invoices.GetAsync(id, ct) is not { } invoice)
        {
            return false;
        }
        Invoice = invoice;
        return true;
    }
}
