using Erp.Data.Audit;
using Erp.Data.Infrastructure;
using Erp.Data.Invoices;
using Erp.Data.Jobs;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Erp.Web.Jobs;

/// <summary>
/// invoice-email: sends the invoice with its PDF to the address recorded with the request, under the
/// request's stable Message-ID, then records the sending with the job's completion. A request already
/// recorded as sent is not sent again; a crash between sending and recording sends the same message
/// (same Message-ID) once more: at least once (docs/adr/0011-durable-jobs.md). The invoice_emailed audit event
/// commits with that record and acts for the user who asked (docs/adr/0018-business-events-verify-revert.md).
/// </summary>
public sealed class InvoiceEmailJob(InvoiceStore invoices, InvoiceDocumentStore documents, InvoicePdf pdf, InvoiceMailer mailer,
    IOptions<SmtpSettings> smtp) : IJobHandler
{
    public string Type => JobTypes.InvoiceEmail;

    public async Task RunAsync(JobRun run, CancellationToken ct)
    {
        var payload = run.Read<InvoiceEmailJobPayload>();
        var emailId = payload.EmailId;
        var email = await documents.EmailAsync(emailId, ct)
                    ?? throw new InvalidOperationException($"E-mail request {emailId} does not exist.");
        if (email.SentAt is not null)
        {
            return; // sent and recorded by an earlier attempt
        }
        var invoice = await invoices.GetAsync(email.InvoiceId, ct)
                      ?? throw new InvalidOperationException($"Invoice {email.InvoiceId} does not exist.");
        var stored = await documents.PdfAsync(invoice.Id, ct);
        var bytes = stored ?? pdf.Render(invoice);

        await mailer.SendAsync(Message(invoice, email, bytes), ct);
        await run.CompleteWithAsync(async uow =>
        {
            if (stored is null)
            {
                await documents.SavePdfAsync(uow, invoice.Id, bytes, ct);
            }
            await documents.MarkEmailSentAsync(uow, email, ct);
            // The business event commits with the record of the sending: once, however often the job runs.
            await AuditEvents.WriteAsync(uow, new AuditEvent(Entities.Invoice, invoice.Id, AuditActions.InvoiceEmailed,
                new { invoice.InvoiceNo, email.Recipient, email.MessageId, EmailId = email.Id })
            {
                Actor = payload.ActorName is { } asker ? new WriteContext(payload.ActorId, asker, null, null) : null,
            }, ct);
        }, ct);
    }

    private MimeMessage Message(InvoiceDetail invoice, InvoiceEmail email, byte[] bytes)
    {
        var message = new MimeMessage { MessageId = email.MessageId, Subject = $"Invoice {invoice.InvoiceNo}" };
        message.From.Add(new MailboxAddress(invoice.CompanyName ?? "", smtp.Value.From));
        message.To.Add(new MailboxAddress(invoice.CustomerName, email.Recipient));
        var body = new BodyBuilder
        {
            TextBody = $"""
                Dear {invoice.CustomerName},

                please find attached invoice {invoice.InvoiceNo} for order #{invoice.OrderId}, total {Erp.Data.Rules.Money.Format(invoice.Total)},
                due on {Erp.Data.Rules.CompanyTime.FormatDate(DateOnly.FromDateTime(invoice.DueDate))}.

                {invoice.CompanyName}
                """,
        };
        body.Attachments.Add($"{invoice.InvoiceNo}.pdf", bytes, new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        return message;
    }
}
