using Erp.Data.Invoices;
using Erp.Data.Jobs;

namespace Erp.Web.Jobs;

/// <summary>invoice-pdf: renders the invoice and stores the PDF in the transaction that completes the job.</summary>
public sealed class InvoicePdfJob(InvoiceStore invoices, InvoiceDocumentStore documents, InvoicePdf pdf) : IJobHandler
{
    public sealed record Payload(long InvoiceId);

    public string Type => JobTypes.InvoicePdf;

    public async Task RunAsync(JobRun run, CancellationToken ct)
    {
        var invoiceId = run.Read<Payload>().InvoiceId;
        var invoice = await invoices.GetAsync(invoiceId, ct)
                      ?? throw new InvalidOperationException($"Invoice {invoiceId} does not exist.");
        var bytes = pdf.Render(invoice);
        await run.CompleteWithAsync(uow => documents.SavePdfAsync(uow, invoiceId, bytes, ct), ct);
    }
}
