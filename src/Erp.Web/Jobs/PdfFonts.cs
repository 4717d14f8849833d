using PdfSharp.Fonts;

namespace Erp.Web.Jobs;

/// <summary>
/// PDFsharp's Core build finds no fonts on Linux by itself: this resolver serves DejaVu Sans from the folder
/// Pdf:FontDirectory (Debian package fonts-dejavu-core, installed by scripts/services.sh, the Dockerfile and
/// the CI workflow). PDFsharp takes one resolver per process and refuses a second, while several app hosts
/// (tests) share a process: <see cref="Install"/> sets it once.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    public const string DefaultDirectory = "/usr/share/fonts/truetype/dejavu";

    private static readonly Lock Gate = new();
    private static bool _installed;

    private readonly string _directory;

    private PdfFonts(string directory) => _directory = directory;

    public static void Install(string? directory)
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }
            var folder = string.IsNullOrWhiteSpace(directory) ? DefaultDirectory : directory;
            foreach (var file in new[] { "DejaVuSans.ttf", "DejaVuSans-Bold.ttf" })
            {
                if (!File.Exists(Path.Combine(folder, file)))
                {
                    throw new InvalidOperationException(
                        $"The invoice PDF font {file} is not in {folder}: install the Debian package fonts-dejavu-core or set Pdf:FontDirectory.");
                }
            }
            GlobalFontSettings.FontResolver = new PdfFonts(folder);
            _installed = true;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[] GetFont(string faceName) => File.ReadAllBytes(Path.Combine(_directory, faceName + ".ttf"));
}
