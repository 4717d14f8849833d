namespace Erp.Web.Exports;

/// <summary>
/// Section <c>Files</c>: <c>Path</c> is a folder every node shares (exports are written by whichever node's
/// worker runs the job and downloaded through any node). <c>ExportRetention</c>: how long a finished export
/// stays downloadable (default 24 h).
/// </summary>
public sealed class FilesOptions
{
    public const string Section = "Files";

    public string Path { get; set; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "erp-files");

    public TimeSpan ExportRetention { get; set; } = TimeSpan.FromHours(24);

    public string ExportsDirectory => System.IO.Path.Combine(Path, "exports");
}
