using Erp.Data.Exports;
using Erp.Data.Users;
using Erp.Web.Exports;
using Erp.Web.Htmx;
using Erp.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Erp.Web.Pages.Exports;

/// <summary>
/// One CSV export: its progress while the job runs (the status block polls itself every second and stops
/// when the export is done), then the "Download CSV" link. Only the user who asked for it, or an admin,
/// may see or download it.
/// </summary>
public sealed class DetailsModel(ExportStore exports, IOptions<FilesOptions> files) : PageModel
{
    public ExportRow Export { get; private set; } = null!;

    public bool InProgress => Export.Status is ExportStatus.Pending or ExportStatus.Running && !Export.Failed;

    /// <summary>A finished export whose file is not there (deleted by hand, or a node without the shared Files:Path).</summary>
    public bool FileMissing { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        return refusal ?? this.PageOrFragment("_Status");
    }

    public async Task<IActionResult> OnGetDownloadAsync(long id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var path = Export.FileName is null ? null : Path.Combine(files.Value.ExportsDirectory, Export.FileName);
        if (Export.Status != ExportStatus.Done || path is null || !System.IO.File.Exists(path))
        {
            // Not finished yet, or expired or missing (the file is gone): the page says which, without a link.
            FileMissing = Export.Status == ExportStatus.Done;
            return this.PageOrFragment("_Status", Export.Status == ExportStatus.Expired || Export.Status == ExportStatus.Done
                ? StatusCodes.Status410Gone : StatusCodes.Status409Conflict);
        }
        Response.Headers.CacheControl = "no-store";
        return PhysicalFile(path, "text/csv; charset=utf-8", $"{Export.List}-{Export.CreatedAt:yyyy-MM-dd-HHmm}.csv");
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var export = await exports.GetAsync(id, ct);
        if (export is null)
        {
            return NotFound();
        }
        if (export.UserId != Sessions.UserId(User) && !User.IsInRole(Roles.Admin))
        {
            return NotFound(); // as if it did not exist: ids are sequential, and others' exports are none of one's business
        }
        Export = export;
        return null;
    }
}
