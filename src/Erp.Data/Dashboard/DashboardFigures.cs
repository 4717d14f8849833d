namespace Erp.Data.Dashboard;

/// <summary>The dashboard's aggregates as they were at <see cref="AsOfUtc"/>. Open orders are confirmed or shipped, not yet invoiced.</summary>
public sealed record DashboardFigures(
    DateTime AsOfUtc,
    int OpenOrders,
    decimal OpenOrdersValue,
    decimal RevenueThisMonth,
    decimal RevenueSameMonthLastYear,
    int OverdueInvoices,
    decimal OverdueValue,
    int ProductsBelowReorderLevel,
    IReadOnlyList<MonthRevenue> LastTwelveMonths);

/// <summary>Invoiced revenue (invoices not void) of one calendar month in the company's time zone.</summary>
public sealed record MonthRevenue(int Year, int Month, decimal Revenue);

/// <summary>
/// The company's calendar for "this month", "overdue" and "as of HH:MM". UTC until the company
/// time zone setting exists: <see cref="Zone"/> is the one place to point at it.
/// </summary>
public static class CompanyCalendar
{
    public static TimeZoneInfo Zone => TimeZoneInfo.Utc;

    public static DateTime ToCompanyTime(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTime ToUtc(DateTime companyTime) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(companyTime, DateTimeKind.Unspecified), Zone);
}
