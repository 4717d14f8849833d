using System.Text.Json;
using Erp.Data.Audit;
using Erp.Tests.Support;

namespace Erp.Tests.Integration.WritePath;

/// <summary>
/// The audit trail of every write method (ADR 0012): the same scenarios as the change list, compared with
/// what the audit triggers recorded. Expected rows come from the tables themselves: inserted and deleted rows,
/// and rows whose recorded (audited or secret) columns changed, with exactly those columns, before and after.
/// </summary>
public sealed partial class ChangeListTests
{
    /// <summary>Writes that change only ignored counters (failed sign-ins, which the trail gets as events) leave no audit row.</summary>
    private static readonly HashSet<string> CounterOnlyWrites = ["UserStore.RecordFailedLoginAsync", "UserStore.RecordLoginAsync"];

    [Theory]
    [MemberData(nameof(WriteNames))]
    public async Task Write_leaves_exactly_the_expected_audit_rows(string write)
    {
        var act = await Writes[write](fixture);
        var before = await AuditedRows.TakeAsync(fixture.App.Database);
        var lastAudit = await fixture.App.Database.ScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM audit_log");

        await act();

        var expected = AuditedRows.Expected(before, await AuditedRows.TakeAsync(fixture.App.Database));
        var recorded = await AuditedRows.RecordedSinceAsync(fixture.App.Database, lastAudit);
        Assert.Equal(CounterOnlyWrites.Contains(write), expected.Count == 0);
        Assert.Equal(expected.Keys.Order(), recorded.Select(r => r.Key).Order());
        foreach (var row in recorded)
        {
            Assert.Equal(expected[row.Key], row.Changes);
            Assert.Equal("system", row.ActorName); // outside a request the write context is "system"
        }
    }
}

/// <summary>The recorded columns of the audited tables, as text, and the audit rows a change between two snapshots must leave.</summary>
public static class AuditedRows
{
    public sealed record Recorded(string Key, string ActorName, string Changes);

    public static async Task<Dictionary<string, Dictionary<string, string?>>> TakeAsync(TestDatabase database)
    {
        var rows = new Dictionary<string, Dictionary<string, string?>>();
        foreach (var table in AuditSchema.Tables)
        {
            var columns = table.Recorded.ToList();
            var select = string.Join(", ", columns.Select(c => $"CAST(`{c}` AS CHAR) AS `{c}`"));
            foreach (IDictionary<string, object?> row in await database.QueryAsync<dynamic>($"SELECT id, {select} FROM `{table.Table}`"))
            {
                rows[$"{table.Entity}:{row["id"]}"] = columns.ToDictionary(c => $"{table.Entity}.{c}", c => (string?)row[c]);
            }
        }
        return rows;
    }

    /// <summary>"entity:id:action" → the changes JSON in a normal form (keys sorted, values as text).</summary>
    public static Dictionary<string, string> Expected(Dictionary<string, Dictionary<string, string?>> before,
        Dictionary<string, Dictionary<string, string?>> after)
    {
        var expected = new Dictionary<string, string>();
        foreach (var (key, row) in after)
        {
            if (!before.TryGetValue(key, out var old))
            {
                expected[$"{key}:insert"] = Normal(row.Select(c => (c.Key, Value(c.Key, null, "after", c.Value))));
                continue;
            }
            var changed = row.Where(c => !string.Equals(old[c.Key], c.Value, StringComparison.Ordinal)).ToList();
            if (changed.Count > 0)
            {
                expected[$"{key}:update"] = Normal(changed.Select(c => (c.Key, Value(c.Key, old[c.Key], "both", c.Value))));
            }
        }
        foreach (var (key, row) in before.Where(b => !after.ContainsKey(b.Key)))
        {
            expected[$"{key}:delete"] = Normal(row.Select(c => (c.Key, Value(c.Key, c.Value, "before", null))));
        }
        return expected;
    }

    public static async Task<IReadOnlyList<Recorded>> RecordedSinceAsync(TestDatabase database, long lastId)
    {
        var rows = await database.QueryAsync<(string Entity, long EntityId, string Action, string ActorName, string Changes)>(
            """
            SELECT entity, entity_id, action, actor_name, changes FROM audit_log
            WHERE id > @lastId AND action IN ('insert', 'update', 'delete', 'revert') ORDER BY id
            """, new { lastId });
        return [.. rows.Select(r =>
        {
            using var json = JsonDocument.Parse(r.Changes);
            // A revert's rows (ADR 0018) are an update or a recreating insert, plus the pointer to the reverted entry.
            var columns = json.RootElement.EnumerateObject().Where(p => p.Name != AuditTriggers.RevertOfKey).ToList();
            var action = r.Action != "revert" ? r.Action : columns.Any(p => p.Value.TryGetProperty("before", out _)) ? "update" : "insert";
            var fields = columns.Select(p => ($"{r.Entity}.{p.Name}", p.Value.TryGetProperty("changed", out _)
                ? "changed"
                : $"{Text(p.Value, "before")} -> {Text(p.Value, "after")}"));
            return new Recorded($"{r.Entity}:{r.EntityId}:{action}", r.ActorName, Normal(fields));
        })];
    }

    private static string Value(string column, string? before, string side, string? after)
    {
        var secret = AuditSchema.Tables.Any(t => column.StartsWith(t.Entity + ".", StringComparison.Ordinal)
                                                 && t.Columns.TryGetValue(column[(t.Entity.Length + 1)..], out var kind) && kind == AuditKind.Secret);
        if (secret)
        {
            return "changed";
        }
        return side switch
        {
            "after" => $"(absent) -> {Show(after)}",
            "before" => $"{Show(before)} -> (absent)",
            _ => $"{Show(before)} -> {Show(after)}",
        };
    }

    private static string Text(JsonElement change, string side) =>
        !change.TryGetProperty(side, out var value) ? "(absent)"
        : value.ValueKind == JsonValueKind.Null ? "NULL"
        : value.ValueKind == JsonValueKind.String ? Show(value.GetString())
        : Show(value.GetRawText());

    private static string Show(string? value) => value is null ? "NULL" : $"'{value}'";

    private static string Normal(IEnumerable<(string Key, string Value)> fields) =>
        string.Join("; ", fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
}
