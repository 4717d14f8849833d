using System.Net;
using Erp.Data.Jobs;
using Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Erp.Tests.Integration.Jobs.JobTestKit;

namespace Erp.Tests.Integration.Jobs;

/// <summary>/admin/jobs: admins only, counts, filters (unknown values are a 400), the keyset list, Retry and Cancel; and readiness.</summary>
public sealed class AdminJobsPageTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private ErpApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await ErpApp.StartAsync(seedOrders: 0, configure: b =>
        {
            Workers(enabled: false)(b);
            b.UseSetting("Jobs:DegradedAfter", "00:01:00");
        });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A job that used up its one attempt.</summary>
    private async Task<long> DeadJobAsync()
    {
        var id = await EnqueueAsync(_app, Effect() with { MaxAttempts = 1 });
        var store = _app.Services.GetRequiredService<JobStore>();
        var claimed = (await store.ClaimAsync("admin-test#" + id, 100, TimeSpan.FromMinutes(1), None)).Single(j => j.Id == id);
        Assert.Equal(JobStatus.Dead, await store.FailAsync(claimed, "SmtpException: mailbox unavailable", TimeSpan.Zero, None));
        return id;
    }

    private static async Task<HttpResponseMessage> ActAsync(HttpClient client, string action, long id, bool htmx)
    {
        var page = await client.GetHtmlAsync("/admin/jobs");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/jobs?handler={action}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["JobId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["__RequestVerificationToken"] = page.AntiforgeryToken()!,
            }),
        };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task An_employee_is_refused_and_an_admin_sees_counts_and_dead_jobs_with_their_error()
    {
        var dead = await DeadJobAsync();
        var employee = await _app.SignInAsync(DemoUsers.EmployeeEmail, ErpApp.EmployeePassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync("/admin/jobs")).StatusCode);

        var admin = await _app.SignInAsync();
        var page = await admin.GetHtmlAsync("/admin/jobs?status=dead");

        Assert.NotNull(page.ByTestId("jobs-table"));
        var row = Assert.Single(page.Rows("jobs"));
        Assert.Equal(dead.ToString(System.Globalization.CultureInfo.InvariantCulture), row.GetAttribute("data-id"));
        Assert.Equal("SmtpException: mailbox unavailable", row.ByTestId("job-error")!.TextContent.Trim());
        Assert.NotNull(row.ByRole("button", "Retry"));
        Assert.NotNull(row.ByRole("button", "Cancel"));
        var counts = page.ByTestId("jobs-counts")!;
        Assert.Contains(counts.QuerySelectorAll("tr"), tr => tr.TextContent.Contains(EffectJob.Name, StringComparison.Ordinal));
        Assert.NotNull(page.ByTestId("jobs-oldest-pending"));
    }

    [Theory]
    [InlineData("status=lost")]
    [InlineData("type=no-such-job")]
    [InlineData("cursor=garbage")]
    public async Task An_unknown_filter_or_a_bad_cursor_is_a_400_with_a_message(string query)
    {
        var admin = await _app.SignInAsync();

        var response = await admin.GetAsync($"/admin/jobs?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.ReadHtmlAsync()).Alerts());
    }

    [Fact]
    public async Task The_list_pages_newest_first_with_a_signed_cursor_and_the_type_filter()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await EnqueueAsync(_app, Effect()));
        }
        var admin = await _app.SignInAsync();

        var first = await admin.GetHtmlAsync($"/admin/jobs?type={EffectJob.Name}&limit=3");
        var next = first.Rows("jobs")[^1].GetAttribute("data-next")!;
        var request = new HttpRequestMessage(HttpMethod.Get, next);
        request.Headers.Add("HX-Request", "true");
        var second = Html.ParseFragment(await (await admin.SendAsync(request)).Content.ReadAsStringAsync());

        var seen = first.RowIds("jobs").Concat(second.RowIds("jobs")).ToList();
        Assert.Equal(ids.OrderDescending(), seen);

        // Scrolling back up: the second page's first row loads the page before it, the first page again.
        var previous = second.QuerySelector("tr[data-prev]")?.GetAttribute("data-prev")!;
        var back = new HttpRequestMessage(HttpMethod.Get, previous);
        back.Headers.Add("HX-Request", "true");
        var again = Html.ParseFragment(await (await admin.SendAsync(back)).Content.ReadAsStringAsync());
        Assert.Equal(first.RowIds("jobs"), again.RowIds("jobs"));
    }

    [Fact]
    public async Task Retry_makes_a_dead_job_pending_and_Cancel_cancels_it_both_answering_with_the_row()
    {
        var dead = await DeadJobAsync();
        var admin = await _app.SignInAsync();

        var retried = await ActAsync(admin, "Retry", dead, htmx: true);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var row = Assert.Single(Html.ParseFragment(await retried.Content.ReadAsStringAsync()).Rows("jobs"));
        Assert.Equal(JobStatus.Pending, row.ByTestId("job-status")!.TextContent.Trim());
        Assert.Equal((JobStatus.Pending, 0), ((await JobAsync(_app.Database, dead)).Status, (await JobAsync(_app.Database, dead)).Attempts));

        var again = await ActAsync(admin, "Retry", dead, htmx: true); // pending: nothing to retry
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.NotEmpty(Html.ParseFragment(await again.Content.ReadAsStringAsync()).Alerts());

        var cancelled = await ActAsync(admin, "Cancel", dead, htmx: false);
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(JobStatus.Cancelled, (await JobAsync(_app.Database, dead)).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(admin, "Retry", 999_999_999, htmx: true)).StatusCode);
    }

    [Fact]
    public async Task Readiness_is_degraded_while_a_due_job_waits_longer_than_the_threshold()
    {
        var client = _app.CreateAnonymousClient();
        Assert.Equal("Healthy", await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync());

        var id = await EnqueueAsync(_app, Effect());
        await _app.Database.ExecuteAsync("UPDATE jobs SET run_at = UTC_TIMESTAMP(6) - INTERVAL 2 MINUTE WHERE id = @id", new { id });
        Assert.Equal("Degraded", await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync());

        await _app.Services.GetRequiredService<JobStore>().CancelAsync(id, None);
        Assert.Equal("Healthy", await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
    }
}
