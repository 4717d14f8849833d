using Erp.Data.Jobs;
using Erp.Data.Paging;
using Erp.Web.Htmx;
using Erp.Web.Jobs;
using Erp.Web.Paging;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Admin.Jobs;

/// <summary>
/// /admin/jobs (admin only, by the /Admin folder rule): counts by status and type, how long the oldest due
/// job has waited, and the keyset list (newest first, filters status and type) with each job's last error and
/// Retry (dead or cancelled jobs) and Cancel (pending or dead). Row actions answer with their row (htmx).
/// </summary>
public sealed class IndexModel(JobStore store, IEnumerable<IJobHandler> handlers, CursorCodec codec) : KeysetListPage<JobListItem>(codec)
{
    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "type")] public string? Type { get; set; }
    [BindProperty] public long JobId { get; set; }

    public IReadOnlyList<string> Types { get; } = [.. handlers.Select(h => h.Type).Distinct().Order(StringComparer.Ordinal)];
    public IReadOnlyList<JobCount> Counts { get; private set; } = [];
    public JobQueue? Queue { get; private set; }

    /// <summary>A row action's refusal, shown in that row (htmx) or at the top of the page.</summary>
    public string? RowError { get; private set; }

    /// <summary>The rows to render: the page read, or the one row a row action answers with (htmx).</summary>
    public IReadOnlyList<JobListItem> Shown => _only is null ? Rows : [_only];
    public bool SingleRow => _only is not null;
    private JobListItem? _only;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context) => ModelState.Remove(nameof(JobId));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var p = new ListParams();
        var status = p.OneOf(Status, "status", JobStatus.All);
        var type = p.OneOf(Type, "type", Types);
        if (!Request.WantsFragment())
        {
            Counts = await store.CountsAsync(ct);
            Queue = await store.QueueAsync(ct);
        }
        var scope = new CursorScope("jobs", "id", $"status={status};type={type}");
        return await ListAsync(new ListRequest<JobListItem>(scope, p.Error,
            (limit, after, ct) => store.PageAsync(new JobListQuery(status, type, limit, after), ct),
            row => new KeysetPosition((decimal)row.Id, row.Id), CustomerFilter.None), ct);
    }

    public async Task<IActionResult> OnPostRetryAsync(CancellationToken ct) =>
        await AfterAsync(await store.RetryAsync(JobId, ct), "Only a dead or cancelled job can be retried; this one is {0}.", ct);

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        await AfterAsync(await store.CancelAsync(JobId, ct), "Only a pending or dead job can be cancelled; this one is {0}.", ct);

    private async Task<IActionResult> AfterAsync(bool done, string refusal, CancellationToken ct)
    {
        if (await store.GetAsync(JobId, ct) is not { } job)
        {
            return NotFound();
        }
        RowError = done ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, refusal, job.Status);
        if (!Request.WantsFragment())
        {
            if (done)
            {
                return Redirect(Url.Page("/Admin/Jobs/Index")!); // post/redirect/get
            }
            var page = await OnGetAsync(ct);
            if (page is PageResult result)
            {
                result.StatusCode = StatusCodes.Status409Conflict;
            }
            return page;
        }
        _only = job;
        var partial = Partial("_Rows", this);
        partial.StatusCode = done ? StatusCodes.Status200OK : StatusCodes.Status409Conflict;
        return partial;
    }
}
