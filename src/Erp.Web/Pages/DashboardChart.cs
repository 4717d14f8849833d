using Erp.Data.Rules;
using System.Globalization;
using Erp.Data.Dashboard;
using Erp.Data.Orders;

namespace Erp.Web.Pages;

/// <summary>One bar of the dashboard's revenue chart, in SVG user units (the chart is drawn on the server, no script).</summary>
public sealed record ChartBar(double X, double Y, double Width, double Height, string Label, string Title);

public static class DashboardChart
{
    public const double Width = 720;
    public const double Height = 240;
    public const double PlotTop = 10;
    public const double PlotBottom = 210;
    private const double Slot = Width / 12;

    public static IReadOnlyList<ChartBar> Bars(IReadOnlyList<MonthRevenue> months)
    {
        var max = months.Count == 0 ? 0 : months.Max(m => m.Revenue);
        return
        [
            .. months.Select((m, i) =>
            {
                var height = max <= 0 ? 0 : (double)(m.Revenue / max) * (PlotBottom - PlotTop);
                var month = new DateTime(m.Year, m.Month, 1);
                var label = month.ToString("MMM yy", CultureInfo.InvariantCulture);
                return new ChartBar(i * Slot + Slot * 0.15, PlotBottom - height, Slot * 0.7, height, label,
                    $"{month.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}: {Money.Format(m.Revenue)}");
            }),
        ];
    }

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
