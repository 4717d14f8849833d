using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Erp.Data.Caching;
using Erp.Data.Infrastructure;
using Erp.Data.Jobs;

namespace Erp.Data.Invoices;

/// <summary>An e-mail request of an invoice: its stable Message-ID and, once sent, when.</summary>
public sealed record InvoiceEmail(long Id, long InvoiceId, string MessageId, string Recipient, DateTime RequestedAt, DateTime? SentAt);

/// <summary>
/// The invoice-email job's payload: the request, and who asked for it (the job's invoice_emailed event acts for them, as
/// every job's event does; a payload queued before the actor was carried has none, and its event acts as "system").
/// </summary>
public sealed record InvoiceEmailJobPayload(long EmailId, long? ActorId = null, string? ActorName = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>What the invoice page shows about an invoice's PDF and e-mails.</summary>
public sealed record InvoiceFiles(bool HasPdf, bool PdfRequested, IReadOnlyList<InvoiceEmail> Emails)
{
    public bool EmailPending => Emails.Any(e => e.SentAt is null);
}

/// <summary>What a "Send by e-mail" request came to.</summary>
public enum EmailRequestOutcome { Requested, InvoiceNotFound, NoAddress }

/// <summary>
/// An invoice's documents (its PDF) and e-mails, made off the request path by jobs (docs/adr/0011-durable-jobs.md).
/// These rows are infrastructure beside the invoice, which they never change: no change list. The page's view
/// of them is cached under its own tag (<see cref="CacheKeys.InvoiceDocuments"/>), which every write here
/// removes after its commit.
/// </summary>
public sealed class InvoiceDocumentStore(Db db)
{
    private sealed record Recipient(long Id, string? Email);

    public const string PdfContentType = "application/pdf";

    /// <summary>The invoice-pdf job of one invoice has this key: however often it is asked for, one job renders it.</summary>
    public static string PdfJobKey(long invoiceId) => $"{JobTypes.InvoicePdf}:{invoiceId}";

    public static JobRequest PdfJob(long invoiceId) =>
        new(JobTypes.InvoicePdf, $$"""{"invoiceId":{{invoiceId}}}""", PdfJobKey(invoiceId));

    public async Task<byte[]?> PdfAsync(long invoiceId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
            "SELECT content FROM invoice_documents WHERE invoice_id = @invoiceId", new { invoiceId }, cancellationToken: ct));
    }

    /// <summary>Whether the PDF exists or is asked for, and the e-mails (newest first): one round trip, cached.</summary>
    public async Task<InvoiceFiles> FilesAsync(long invoiceId, CancellationToken ct) =>
        await db.Cache.GetOrSetAsync(CacheKeys.InvoiceDocuments(invoiceId), ct => ReadFilesAsync(invoiceId, ct),
            _ => [CacheKeys.InvoiceDocuments(invoiceId)], ct);

    private sealed record FilesRow(long HasPdf, long Requested, long? Id, string? MessageId, string? Recipient, DateTime? RequestedAt, DateTime? SentAt);

    /// <summary>One statement (the e-mails left-joined to one row of flags), so one round trip and one question.</summary>
    private async Task<InvoiceFiles> ReadFilesAsync(long invoiceId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<FilesRow>(new CommandDefinition("""
            SELECT f.has_pdf AS HasPdf, f.requested AS Requested, e.id, e.message_id AS MessageId, e.recipient,
                   e.requested_at AS RequestedAt, e.sent_at AS SentAt
            FROM (SELECT (SELECT COUNT(*) FROM invoice_documents WHERE invoice_id = @invoiceId) AS has_pdf,
                         (SELECT COUNT(*) FROM jobs WHERE idempotency_key = @key) AS requested) f
            LEFT JOIN invoice_emails e ON e.invoice_id = @invoiceId
            ORDER BY e.id DESC
            LIMIT 20
            """, new { invoiceId, key = PdfJobKey(invoiceId) }, cancellationToken: ct))).ToList();
        var emails = rows.Where(r => r.Id is not null)
            .Select(r => new InvoiceEmail(r.Id!.Value, invoiceId, r.MessageId!, r.Recipient!, r.RequestedAt!.Value, r.SentAt))
            .ToList();
        return new InvoiceFiles(rows[0].HasPdf > 0, rows[0].Requested > 0, emails);
    }

    /// <summary>After the commit, the page's cached view of the invoice's files is stale.</summary>
    private void Refresh(UnitOfWork uow, long invoiceId) =>
        uow.AfterCommit(async () => await db.Cache.RemoveByTagsAsync([CacheKeys.InvoiceDocuments(invoiceId)], CancellationToken.None));

    /// <summary>
    /// Asks for the PDF of an invoice that has none (an invoice loaded by the seeder, or one whose job was purged):
    /// a no-op while its job exists.
    /// </summary>
    public Task RequestPdfAsync(long invoiceId, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            await uow.EnqueueAsync(PdfJob(invoiceId), ct);
            Refresh(uow, invoiceId);
        }, ct);

    /// <summary>Stores the rendered PDF in the caller's transaction (the job's completion); a second copy changes nothing.</summary>
    public async Task SavePdfAsync(UnitOfWork uow, long invoiceId, byte[] pdf, CancellationToken ct)
    {
        Refresh(uow, invoiceId);
        await uow.ExecuteAsync("""
            INSERT INTO invoice_documents (invoice_id, content_type, content, sha256, created_at)
            VALUES (@invoiceId, @type, @pdf, @sha, @now)
            ON DUPLICATE KEY UPDATE invoice_id = invoice_id
            """, new { invoiceId, type = PdfContentType, pdf, sha = Convert.ToHexStringLower(SHA256.HashData(pdf)), now = JobClock.Now(uow.Clock) }, ct);
    }

    /// <summary>
    /// Records a send request to the customer's current e-mail address and enqueues its job in the same transaction.
    /// The Message-ID is fixed here, so every attempt of this request sends the same message.
    /// </summary>
    public Task<(EmailRequestOutcome Outcome, long EmailId)> RequestEmailAsync(long invoiceId, CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            var customer = await uow.QuerySingleOrDefaultAsync<Recipient>("""
                SELECT c.id, c.email FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = @invoiceId
                """, new { invoiceId }, ct);
            if (customer is null)
            {
                return (EmailRequestOutcome.InvoiceNotFound, 0L);
            }
            if (string.IsNullOrWhiteSpace(customer.Email))
            {
                return (EmailRequestOutcome.NoAddress, 0L);
            }
            var messageId = $"invoice-{invoiceId}.{Guid.NewGuid():N}@erp.local";
            await uow.ExecuteAsync("""
                INSERT INTO invoice_emails (invoice_id, message_id, recipient, requested_by, requested_at)
                VALUES (@invoiceId, @messageId, @recipient, @by, @now)
                """, new { invoiceId, messageId, recipient = customer.Email.Trim(), by = uow.Context.ActorName, now = JobClock.Now(uow.Clock) }, ct);
            var emailId = await uow.QuerySingleOrDefaultAsync<long>("SELECT CAST(LAST_INSERT_ID() AS SIGNED)", null, ct);
            await uow.EnqueueAsync(new JobRequest(JobTypes.InvoiceEmail,
                new InvoiceEmailJobPayload(emailId, uow.Context.ActorId, uow.Context.ActorName).ToJson()), ct);
            Refresh(uow, invoiceId);
            return (EmailRequestOutcome.Requested, emailId);
        }, ct);

    public async Task<InvoiceEmail?> EmailAsync(long emailId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<InvoiceEmail>(new CommandDefinition("""
            SELECT id, invoice_id AS InvoiceId, message_id AS MessageId, recipient, requested_at AS RequestedAt, sent_at AS SentAt
            FROM invoice_emails WHERE id = @emailId
            """, new { emailId }, cancellationToken: ct));
    }

    /// <summary>Records the sending in the caller's transaction (the job's completion).</summary>
    public async Task MarkEmailSentAsync(UnitOfWork uow, InvoiceEmail email, CancellationToken ct)
    {
        Refresh(uow, email.InvoiceId);
        await uow.ExecuteAsync("UPDATE invoice_emails SET sent_at = @now WHERE id = @Id AND sent_at IS NULL",
            new { email.Id, now = JobClock.Now(uow.Clock) }, ct);
    }
}
