using Erp.Data.Invoices;
using Erp.Data.Rules;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Erp.Web.Jobs;

/// <summary>
/// Renders an invoice from its snapshot (what was copied when it was issued, ADR 0007): company, customer and
/// billing address, lines, total and due date. A4, DejaVu Sans (<see cref="PdfFonts"/>).
/// </summary>
public sealed class InvoicePdf(CompanyTime companyTime, IConfiguration configuration)
{
    private const double Left = 50, Right = 545, Bottom = 790;

    public byte[] Render(InvoiceDetail invoice)
    {
        PdfFonts.Install(configuration["Pdf:FontDirectory"]);
        using var document = new PdfDocument();
        document.Info.Title = $"Invoice {invoice.InvoiceNo}";
        document.Info.Author = invoice.CompanyName ?? "";
        var regular = new XFont(PdfFonts.Family, 10);
        var bold = new XFont(PdfFonts.Family, 10, XFontStyleEx.Bold);
        var title = new XFont(PdfFonts.Family, 18, XFontStyleEx.Bold);

        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        var gfx = XGraphics.FromPdfPage(page);
        double y = 60;

        gfx.DrawString(invoice.CompanyName ?? "", bold, XBrushes.Black, Left, y);
        foreach (var line in Lines(invoice.CompanyAddress))
        {
            y += 13;
            gfx.DrawString(line, regular, XBrushes.Black, Left, y);
        }
        gfx.DrawString("INVOICE", title, XBrushes.Black, new XRect(Left, 50, Right - Left, 20), XStringFormats.TopRight);
        var facts = new[]
        {
            ("Invoice no.", invoice.InvoiceNo),
            ("Invoice date", companyTime.FormatDay(invoice.InvoiceDate)),
            ("Due date", CompanyTime.FormatDate(DateOnly.FromDateTime(invoice.DueDate))),
            ("Order", $"#{invoice.OrderId}"),
        };
        var factY = 85.0;
        foreach (var (label, value) in facts)
        {
            gfx.DrawString(label, regular, XBrushes.Black, 370, factY);
            gfx.DrawString(value, bold, XBrushes.Black, new XRect(370, factY - 10, Right - 370, 12), XStringFormats.TopRight);
            factY += 14;
        }

        y = Math.Max(y, factY) + 30;
        gfx.DrawString("Bill to", bold, XBrushes.Black, Left, y);
        y += 14;
        gfx.DrawString($"{invoice.CustomerName} ({invoice.CustomerCode})", regular, XBrushes.Black, Left, y);
        var cityLine = string.Join(' ', new[] { invoice.CustomerPostalCode, invoice.CustomerCity }.Where(p => !string.IsNullOrWhiteSpace(p)));
        foreach (var line in Lines(invoice.CustomerAddress, cityLine, invoice.CustomerCountry))
        {
            y += 13;
            gfx.DrawString(line, regular, XBrushes.Black, Left, y);
        }

        y += 35;
        y = Header(gfx, bold, y);
        foreach (var line in invoice.Lines)
        {
            if (y > Bottom - 40)
            {
                gfx.Dispose();
                page = document.AddPage();
                page.Size = PdfSharp.PageSize.A4;
                gfx = XGraphics.FromPdfPage(page);
                y = Header(gfx, bold, 60);
            }
            gfx.DrawString(line.LineNo.ToString(System.Globalization.CultureInfo.InvariantCulture), regular, XBrushes.Black, Left, y);
            gfx.DrawString(Fit(line.Sku, 16), regular, XBrushes.Black, Left + 25, y);
            gfx.DrawString(Fit(line.ProductName, 34), regular, XBrushes.Black, Left + 120, y);
            RightAligned(gfx, Quantities.Format(line.Quantity), regular, 390, y);
            RightAligned(gfx, Money.Format(line.UnitPrice), regular, 465, y);
            RightAligned(gfx, Money.Format(line.LineTotal), regular, Right, y);
            y += 15;
        }
        gfx.DrawLine(XPens.Black, 370, y - 8, Right, y - 8);
        y += 6;
        gfx.DrawString("Total", bold, XBrushes.Black, 370, y);
        RightAligned(gfx, Money.Format(invoice.Total), bold, Right, y);
        y += 30;
        gfx.DrawString($"Please pay by {CompanyTime.FormatDate(DateOnly.FromDateTime(invoice.DueDate))}, quoting {invoice.InvoiceNo}.",
            regular, XBrushes.Black, Left, Math.Min(y, Bottom));
        gfx.Dispose();

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static double Header(XGraphics gfx, XFont bold, double y)
    {
        gfx.DrawString("#", bold, XBrushes.Black, Left, y);
        gfx.DrawString("SKU", bold, XBrushes.Black, Left + 25, y);
        gfx.DrawString("Product", bold, XBrushes.Black, Left + 120, y);
        RightAligned(gfx, "Quantity", bold, 390, y);
        RightAligned(gfx, "Unit price", bold, 465, y);
        RightAligned(gfx, "Line total", bold, Right, y);
        gfx.DrawLine(XPens.Black, Left, y + 5, Right, y + 5);
        return y + 20;
    }

    private static void RightAligned(XGraphics gfx, string text, XFont font, double right, double baseline)
    {
        var width = gfx.MeasureString(text, font).Width;
        gfx.DrawString(text, font, XBrushes.Black, right - width, baseline);
    }

    private static string Fit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static IEnumerable<string> Lines(params string?[] parts) =>
        parts.SelectMany(p => (p ?? "").Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0);
}
