using Erp.Data.Infrastructure;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.WritePath;

/// <summary>
/// A fingerprint of every row of every business table, so a test can see which rows a write
/// really inserted, updated or deleted, whatever the store says it did.
/// </summary>
public static class TableSnapshot
{
    /// <summary>Business tables and the change-list entity each one is reported as.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tables = new Dictionary<string, string>
    {
        ["users"] = Entities.User,
        ["customers"] = Entities.Customer,
        ["products"] = Entities.Product,
        ["stock_movements"] = Entities.StockMovement,
        ["sales_orders"] = Entities.Order,
        ["sales_order_lines"] = Entities.OrderLine,
        ["invoices"] = Entities.Invoice,
        ["invoice_lines"] = Entities.InvoiceLine,
    };

    public static async Task<Dictionary<EntityChange, string>> TakeAsync(TestDatabase database)
    {
        var rows = new Dictionary<EntityChange, string>();
        var columns = await database.QueryAsync<(string Table, string Column)>("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position
            """);
        foreach (var table in columns.GroupBy(c => c.Table).Where(t => Tables.ContainsKey(t.Key)))
        {
            var fingerprint = string.Join(", ", table.Select(c => $"QUOTE(`{c.Column}`)"));
            foreach (var (id, hash) in await database.QueryAsync<(long, string)>(
                         $"SELECT id, SHA2(CONCAT_WS('|', {fingerprint}), 256) FROM `{table.Key}`"))
            {
                rows[new EntityChange(Tables[table.Key], id)] = hash;
            }
        }
        return rows;
    }

    /// <summary>Rows inserted, deleted or changed between two snapshots.</summary>
    public static HashSet<EntityChange> Diff(Dictionary<EntityChange, string> before, Dictionary<EntityChange, string> after)
    {
        var changed = new HashSet<EntityChange>();
        foreach (var (row, hash) in after)
        {
            if (!before.TryGetValue(row, out var old) || old != hash)
            {
                changed.Add(row);
            }
        }
        changed.UnionWith(before.Keys.Where(row => !after.ContainsKey(row)));
        return changed;
    }
}
