using Dapper;
using Erp.Data.Caching;
using Erp.Data.Infrastructure;
using Erp.Data.Rules;

namespace Erp.Data.Dashboard;

/// <summary>
/// The dashboard's aggregates in one round trip. On a million orders they cost hundreds of
/// milliseconds, so they are cached for the dashboard duration with eager refresh and fail-safe,
/// and not removed by writes: the page says how old they are (ADR 0010).
/// </summary>
public sealed class DashboardStore(Db db, TimeProvider time, CompanyTime companyTime)
{
    public async Task<DashboardFigures> GetAsync(CancellationToken ct) =>
        await db.Cache.GetOrSetAsync(CacheKeys.Dashboard, ReadAsync, _ => [], ct, CacheEntryKind.Dashboard);

    private async Task<DashboardFigures> ReadAsync(CancellationToken ct)
    {
        var nowUtc = time.GetUtcNow().UtcDateTime;
        var today = companyTime.DayOf(nowUtc);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        DateTime StartUtc(DateOnly day) => companyTime.DayStartUtc(day)!.Value;
        // Month starts in the company's time zone, oldest first: 12 months up to this one, plus the end of this one.
        var starts = Enumerable.Range(-11, 13).Select(i => StartUtc(thisMonth.AddMonths(i))).ToArray();
        var args = new DynamicParameters(new
        {
            lastYearStart = StartUtc(thisMonth.AddYears(-1)),
            lastYearEnd = StartUtc(thisMonth.AddYears(-1).AddMonths(1)),
            today = today.ToDateTime(TimeOnly.MinValue),
        });
        for (var i = 0; i < starts.Length; i++)
        {
            args.Add($"s{i}", starts[i]);
        }
        var buckets = string.Join(",\n", Enumerable.Range(0, 12).Select(i =>
            $"COALESCE(SUM(CASE WHEN invoice_date >= @s{i} AND invoice_date < @s{i + 1} THEN total END), 0) AS m{i}"));
        var sql = $"""
            SELECT COUNT(*) AS OpenOrders, COALESCE(SUM(total), 0) AS OpenOrdersValue
            FROM sales_orders WHERE status IN ('confirmed', 'shipped');
            SELECT COALESCE(SUM(total), 0) FROM invoices
            WHERE status <> 'void' AND invoice_date >= @lastYearStart AND invoice_date < @lastYearEnd;
            SELECT COUNT(*) AS OverdueInvoices, COALESCE(SUM(total), 0) AS OverdueValue
            FROM invoices WHERE status = 'open' AND due_date < @today;
            SELECT COUNT(*) FROM products WHERE on_hand - reserved <= reorder_level;
            SELECT {buckets}
            FROM invoices WHERE status <> 'void' AND invoice_date >= @s0 AND invoice_date < @s12;
            """;
        await using var connection = await db.OpenAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        var open = await results.ReadSingleAsync<(long Count, decimal Value)>();
        var lastYear = await results.ReadSingleAsync<decimal>();
        var overdue = await results.ReadSingleAsync<(long Count, decimal Value)>();
        var belowReorder = await results.ReadSingleAsync<long>();
        var months = (IDictionary<string, object>)await results.ReadSingleAsync();
        var lastTwelve = Enumerable.Range(0, 12)
            .Select(i => new MonthRevenue(thisMonth.AddMonths(i - 11).Year, thisMonth.AddMonths(i - 11).Month, Convert.ToDecimal(months[$"m{i}"])))
            .ToList();
        return new DashboardFigures(nowUtc, (int)open.Count, open.Value, lastTwelve[^1].Revenue, lastYear,
            (int)overdue.Count, overdue.Value, (int)belowReorder, lastTwelve);
    }
}
