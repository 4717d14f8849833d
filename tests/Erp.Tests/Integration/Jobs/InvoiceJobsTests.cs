using System.Net;
using Erp.Data.Jobs;
using Erp.Data.Rules;
using Erp.Tests.Integration.Orders;
using Erp.Tests.Support;
using Erp.Web.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;
using UglyToad.PdfPig;
using static Erp.Tests.Integration.Jobs.JobTestKit;

namespace Erp.Tests.Integration.Jobs;

/// <summary>
/// Invoice PDFs and e-mails off the request path. The app runs no workers of its own here: each test drives
/// the app's worker (<see cref="JobWorker.RunDueAsync"/>), so "not yet" and "now" are both observable.
/// E-mail goes to an in-process SMTP server.
/// </summary>
public sealed class InvoiceJobsTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private SimpleSmtpServer _smtp = null!;
    private ErpApp _app = null!;
    private OrderTestData _data = null!;

    public async Task InitializeAsync()
    {
        _smtp = SimpleSmtpServer.Start();
        _app = await ErpApp.StartAsync(seedOrders: 50, configure: b =>
        {
            Workers(enabled: false)(b);
            b.UseSetting("Smtp:Host", "127.0.0.1");
            b.UseSetting("Smtp:Port", _smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        _data = new OrderTestData(_app);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _smtp.Dispose();
    }

    private Task RunJobsAsync() => _app.Services.GetRequiredService<JobWorker>().RunDueAsync(None);

    private async Task<(long InvoiceId, string InvoiceNo, string Customer)> InvoiceAsync(string? email = null)
    {
        var (customer, code, name) = await _data.CustomerAsync();
        if (email is not null)
        {
            await _app.Database.ExecuteAsync("UPDATE customers SET email = @email WHERE id = @customer", new { email, customer });
        }
        var (product, _) = await _data.ProductAsync(12.5m, 10);
        var order = await _data.ShippedAsync(customer, product, 3, 12.5m);
        var id = OrderTestData.Ok(await _data.InvoiceAsync(order)).Id!.Value;
        var number = await _app.Database.ScalarAsync<string>("SELECT invoice_no FROM invoices WHERE id = @id", new { id });
        return (id, number, name);
    }

    private Task<long> PdfJobsAsync(long invoiceId) => _app.Database.ScalarAsync<long>(
        "SELECT COUNT(*) FROM jobs WHERE idempotency_key = @key", new { key = $"invoice-pdf:{invoiceId}" });

    [Fact]
    public async Task Invoicing_enqueues_the_pdf_and_the_page_polls_until_a_download_link_replaces_the_notice()
    {
        var (id, number, customer) = await InvoiceAsync();

        // Invoicing committed a pending job and rendered nothing itself.
        Assert.Equal(1, await PdfJobsAsync(id));
        Assert.Equal(0, await _app.Database.ScalarAsync<long>("SELECT COUNT(*) FROM invoice_documents WHERE invoice_id = @id", new { id }));

        var client = await _app.SignInAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        var page = await client.GetHtmlAsync($"/invoices/{id}");
        var preparing = page.ByTestId("invoice-pdf")!;
        Assert.Equal("Preparing PDF…", preparing.TextContent.Trim());
        Assert.Equal("every 2s", preparing.GetAttribute("hx-trigger"));
        Assert.Equal("outerHTML", preparing.GetAttribute("hx-swap"));
        var poll = preparing.GetAttribute("hx-get")!;
        Assert.Null(page.ByRole("link", "Download PDF"));

        await RunJobsAsync();

        var request = new HttpRequestMessage(HttpMethod.Get, poll);
        request.Headers.Add("HX-Request", "true");
        var answer = Html.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
        var ready = answer.ByTestId("invoice-pdf")!;
        Assert.Null(ready.GetAttribute("hx-trigger")); // the answer that replaces the poller does not poll: polling stops
        var link = ready.ByRole("link", "Download PDF")!;

        var download = await client.GetAsync(link.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        using var pdf = PdfDocument.Open(await download.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Contains(number, text);
        Assert.Contains(customer, text);
        Assert.Contains(Money.Format(37.5m), text);
        Assert.Contains(ErpApp.CompanyName, text);

        var anonymous = await _app.CreateAnonymousClient().GetAsync(link.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/login", new Uri(new Uri("http://localhost"), anonymous.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task A_seeded_invoice_gets_its_pdf_job_on_first_view_and_only_one()
    {
        var seeded = await _app.Database.ScalarAsync<long>("""
            SELECT MIN(i.id) FROM invoices i
            WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.idempotency_key = CONCAT('invoice-pdf:', i.id))
            """);
        Assert.True(seeded > 0, "the seed has invoices");
        var client = await _app.SignInAsync();

        await client.GetHtmlAsync($"/invoices/{seeded}");
        await client.GetHtmlAsync($"/invoices/{seeded}");

        Assert.Equal(1, await PdfJobsAsync(seeded));
        await RunJobsAsync();
        Assert.NotNull((await client.GetHtmlAsync($"/invoices/{seeded}")).ByRole("link", "Download PDF"));
    }

    [Fact]
    public async Task Send_by_email_delivers_the_pdf_once_recorded_and_a_retried_send_carries_the_same_message_id()
    {
        var (id, number, _) = await InvoiceAsync(email: "buyer@example.test");
        var client = await _app.SignInAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);

        var posted = await client.SubmitAsync($"/invoices/{id}", "invoice-email-form", [], htmx: true);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("sending…", (await posted.ReadHtmlAsync()).ByTestId("invoice-email-row")!.TextContent);
        Assert.Equal(0, _smtp.ReceivedEmailCount); // the request only queued the e-mail

        // A worker takes the job and crashes after sending, before recording it: its lease runs out.
        var store = _app.Services.GetRequiredService<JobStore>();
        var crashed = Assert.Single(await store.ClaimAsync("crashed#1", 10, TimeSpan.FromMilliseconds(-1), None), j => j.Type == JobTypes.InvoiceEmail);
        await store.ReclaimExpiredAsync(None);
        var handler = _app.Services.GetServices<IJobHandler>().Single(h => h.Type == JobTypes.InvoiceEmail);
        await Assert.ThrowsAsync<JobLeaseLostException>(() => handler.RunAsync(new JobRun(crashed, store), None));

        await RunJobsAsync(); // the retry

        Assert.Equal(2, _smtp.ReceivedEmailCount);
        var messages = _smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))).ToList();
        var messageId = await _app.Database.ScalarAsync<string>("SELECT message_id FROM invoice_emails WHERE invoice_id = @id", new { id });
        Assert.All(messages, m => Assert.Equal(messageId, m.MessageId));
        var attachment = Assert.Single(messages[1].Attachments.OfType<MimePart>());
        Assert.Equal($"{number}.pdf", attachment.FileName);
        Assert.Equal("buyer@example.test", messages[1].To.Mailboxes.Single().Address);
        using (var bytes = new MemoryStream())
        {
            await attachment.Content!.DecodeToAsync(bytes);
            using var pdf = PdfDocument.Open(bytes.ToArray());
            Assert.Contains(number, string.Join("\n", pdf.GetPages().Select(p => p.Text)));
        }

        var page = await client.GetHtmlAsync($"/invoices/{id}");
        Assert.NotNull(page.ByTestId("invoice-email-sent"));
        // One invoice_emailed event, committed with the record of the sending (the crashed attempt recorded none),
        // acting for the employee who asked, not for the job.
        var (actorId, actorName, emailed) = Assert.Single(await _app.Database.QueryAsync<(long?, string, string)>(
            "SELECT actor_id, actor_name, changes FROM audit_log WHERE entity = 'invoice' AND entity_id = @id AND action = 'invoice_emailed'", new { id }));
        var asker = Assert.Single(await _app.Database.QueryAsync<(long, string)>(
            "SELECT u.id, e.requested_by FROM users u JOIN invoice_emails e ON e.invoice_id = @id WHERE u.email = @email",
            new { id, email = DemoUsers.EmployeeEmail }));
        Assert.Equal(asker, (actorId ?? 0, actorName));
        var details = System.Text.Json.JsonDocument.Parse(emailed).RootElement;
        Assert.Equal(("buyer@example.test", messageId, number), (details.GetProperty("recipient").GetString(),
            details.GetProperty("message_id").GetString(), details.GetProperty("invoice_no").GetString()));

        // Recorded as sent: running its job again sends nothing.
        var emailId = await _app.Database.ScalarAsync<long>("SELECT id FROM invoice_emails WHERE invoice_id = @id", new { id });
        var again = await EnqueueAsync(_app, new JobRequest(JobTypes.InvoiceEmail, $$"""{"emailId":{{emailId}}}"""));
        await RunJobsAsync();
        Assert.Equal(JobStatus.Succeeded, (await JobAsync(_app.Database, again)).Status);
        Assert.Equal(2, _smtp.ReceivedEmailCount);
        Assert.Equal(1, await _app.Database.ScalarAsync<int>(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'invoice' AND entity_id = @id AND action = 'invoice_emailed'", new { id }));
    }

    [Fact]
    public async Task An_email_job_queued_before_the_asker_was_carried_still_sends_and_records_its_event_as_system()
    {
        var (id, _, _) = await InvoiceAsync(email: "old-queue@example.test");
        var client = await _app.SignInAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitAsync($"/invoices/{id}", "invoice-email-form", [], htmx: true)).StatusCode);
        // The payload as the version before wrote it: the request's id only.
        await _app.Database.ExecuteAsync("""
            UPDATE jobs SET payload = JSON_OBJECT('emailId', (SELECT MAX(e.id) FROM invoice_emails e WHERE e.invoice_id = @id))
            WHERE type = @type AND status = 'pending'
            """, new { id, type = JobTypes.InvoiceEmail });

        await RunJobsAsync();

        Assert.Equal(1, _smtp.ReceivedEmailCount);
        var (actorId, actorName) = Assert.Single(await _app.Database.QueryAsync<(long?, string)>(
            "SELECT actor_id, actor_name FROM audit_log WHERE entity = 'invoice' AND entity_id = @id AND action = 'invoice_emailed'", new { id }));
        Assert.Equal(((long?)null, "system"), (actorId, actorName));
    }

    [Fact]
    public async Task Send_by_email_to_a_customer_without_an_address_says_so_and_queues_nothing()
    {
        var (id, _, _) = await InvoiceAsync(email: null);
        var client = await _app.SignInAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);

        var posted = await client.SubmitAsync($"/invoices/{id}", "invoice-email-form", [], htmx: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        Assert.Contains(Erp.Web.Pages.Invoices.DetailsModel.NoAddressMessage, (await posted.ReadHtmlAsync()).Alerts());
        Assert.Equal(0, await _app.Database.ScalarAsync<long>("SELECT COUNT(*) FROM jobs WHERE type = 'invoice-email'"));
    }
}
