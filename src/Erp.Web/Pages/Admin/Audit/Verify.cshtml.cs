using Erp.Data.Audit;
using Erp.Web.Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Erp.Web.Pages.Admin.Audit;

/// <summary>
/// "Verify chain" (admin only, by the /Admin folder rule): the POST enqueues an audit-verify job (or joins the one
/// running), the _VerifyChain block polls its status every second while it runs and then shows the result, which is
/// the chain_verified event the job recorded. /admin/audit includes the same block.
/// </summary>
public sealed class VerifyModel(AuditVerifications verifications) : PageModel
{
    /// <summary>The run this block follows (after "Verify chain"), or null: then <see cref="Latest"/> is shown.</summary>
    public VerifyRun? Run { get; private set; }

    public ChainVerifiedResult? Latest { get; private set; }

    public VerifyChainState State => new(Run, Latest);

    public async Task<IActionResult> OnGetAsync([FromQuery] long? job, CancellationToken ct)
    {
        if (job is { } id && await verifications.RunAsync(id, ct) is { } run)
        {
            Run = run;
        }
        else
        {
            Latest = await verifications.LatestAsync(ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnGetStatusAsync([FromQuery] long job, CancellationToken ct)
    {
        Run = await verifications.RunAsync(job, ct);
        return Run is null ? NotFound() : this.PageOrFragment("_VerifyChainOf");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var job = await verifications.StartAsync(ct);
        if (!Request.WantsFragment())
        {
            return RedirectToPage("/Admin/Audit/Verify", new { job }); // post/redirect/get
        }
        Run = await verifications.RunAsync(job, ct);
        return this.PageOrFragment("_VerifyChainOf", StatusCodes.Status202Accepted);
    }
}
