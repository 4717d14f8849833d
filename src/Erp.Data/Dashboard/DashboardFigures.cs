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
