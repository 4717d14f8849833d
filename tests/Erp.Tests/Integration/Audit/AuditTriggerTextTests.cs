using Erp.Data.Audit;
using Erp.Data.Migrations;
using Erp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace Erp.Tests.Integration.Audit;

/// <summary>
/// The triggers' cheaper bodies (ADR 0012, update 2026-11-26 evening) write the same bytes as the bodies before them, and
/// the sealing guard, which compares numbers and times without BINARY now, still refuses every content change. On a
/// database of its own with no sealer running, so a row stays unsealed until the test seals it.
/// </summary>
public sealed class AuditTriggerTextTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await new Migrator(_db.CreateDataSource(), NullLogger<Migrator>.Instance).MigrateAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    /// <summary>
    /// The text the triggers wrote before: one CONCAT_WS over every recorded column (insert and delete: every column;
    /// update: an IF per column, NULL when unchanged). The chain hashes these bytes, so a new body must give the same.
    /// </summary>
    private static string Before(AuditedTable table, string side) =>
        "CONCAT('{', CONCAT_WS(','" + string.Concat(table.Columns.Where(c => c.Value != AuditKind.Ignored).Select(c => side switch
        {
            "update" => $", IF(BINARY o.{c.Key} <=> BINARY n.{c.Key}, NULL, " + (c.Value == AuditKind.Secret
                ? $"'\"{c.Key}\":{{\"changed\":true}}')"
                : $"CONCAT('\"{c.Key}\":', JSON_OBJECT('before', o.{c.Key}, 'after', n.{c.Key})))"),
            _ => c.Value == AuditKind.Secret
                ? $", '\"{c.Key}\":{{\"changed\":true}}'"
                : $", CONCAT('\"{c.Key}\":', JSON_OBJECT('{side}', {(side == "after" ? "n" : "o")}.{c.Key}))",
        })) + "), '}')";

    [Fact]
    public async Task Insert_update_and_delete_rows_hold_the_same_text_as_the_concat_ws_bodies_before()
    {
        // Values that test the text: quotes, a backslash, a newline, non-ASCII, NULLs, a change of case only, money.
        await _db.ExecuteAsync("""
            INSERT INTO customers (code, name, email, phone, country, credit_limit, created_at, updated_at, address, postal_code, city)
            VALUES ('T1', 'Acme "Quotes" \\ Ltd', NULL, '+49 30 1', 'DE', 1234.50, '2026-11-26 10:00:00.123456', UTC_TIMESTAMP(6),
                    'Line 1\nLine 2', NULL, 'München');
            INSERT INTO users (email, display_name, role, password_hash, security_stamp, created_at, updated_at)
            VALUES ('t@example.com', 'Test', 'employee', 'secret-hash', 'stamp', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
            CREATE TABLE old_customers AS SELECT * FROM customers WHERE code = 'T1';
            CREATE TABLE old_users AS SELECT * FROM users WHERE email = 't@example.com';
            UPDATE customers SET name = 'ACME "QUOTES" \\ LTD', email = 'x@example.com', city = NULL, version = version + 1 WHERE code = 'T1';
            UPDATE users SET password_hash = 'other-hash', display_name = 'Tést', version = version + 1 WHERE email = 't@example.com';
            UPDATE customers SET updated_at = UTC_TIMESTAMP(6) WHERE code = 'T1';
            CREATE TABLE new_customers AS SELECT * FROM customers WHERE code = 'T1';
            CREATE TABLE new_users AS SELECT * FROM users WHERE email = 't@example.com';
            DELETE FROM customers WHERE code = 'T1';
            """);

        foreach (var (table, entity) in new[] { ("customers", "customer"), ("users", "user") })
        {
            var declared = AuditSchema.Tables.Single(t => t.Table == table);
            var recorded = (await _db.QueryAsync<(string Action, string Changes)>(
                $"SELECT action, changes FROM audit_log WHERE entity = @entity AND entity_id = (SELECT id FROM old_{table}) ORDER BY id",
                new { entity })).ToList();
            var expected = new List<(string, string)>
            {
                ("insert", await _db.ScalarAsync<string>($"SELECT {Before(declared, "after")} FROM old_{table} n")),
                ("update", await _db.ScalarAsync<string>($"SELECT {Before(declared, "update")} FROM old_{table} o, new_{table} n")),
            };
            if (table == "customers")
            {
                expected.Add(("delete", await _db.ScalarAsync<string>($"SELECT {Before(declared, "before")} FROM new_{table} o")));
            }
            // The update of updated_at alone (ignored) wrote nothing.
            Assert.Equal(expected, recorded);
        }
        Assert.Contains("\"name\":{\"before\": \"Acme \\\"Quotes\\\" \\\\ Ltd\", \"after\": \"ACME \\\"QUOTES\\\" \\\\ LTD\"}",
            await _db.ScalarAsync<string>("SELECT changes FROM audit_log WHERE entity = 'customer' AND action = 'update'"));
    }

    [Fact]
    public async Task A_revert_row_opens_with_the_entry_it_reverts_and_then_the_same_text()
    {
        await using var connection = new MySqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("""
            CALL audit_context(7, 'Admin', '127.0.0.1', 'trace');
            CALL audit_revert(42);
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at) VALUES ('R1', 'Back', 0, '2026-11-26', '2026-11-26');
            UPDATE customers SET name = 'Again', version = version + 1 WHERE code = 'R1';
            """, connection);
        await command.ExecuteNonQueryAsync();

        var rows = await _db.QueryAsync<string>("SELECT changes FROM audit_log WHERE entity = 'customer' AND action = 'revert' ORDER BY id");

        Assert.Equal(2, rows.Count);
        Assert.StartsWith("{\"revert_of\":42,\"code\":{\"after\": \"R1\"},\"name\":{\"after\": \"Back\"},", rows[0]);
        Assert.Equal("{\"revert_of\":42,\"name\":{\"before\": \"Back\", \"after\": \"Again\"},\"version\":{\"before\": 1, \"after\": 2}}", rows[1]);
    }

    [Theory]
    [InlineData("id = id + 1000000")]
    [InlineData("occurred_at = occurred_at + INTERVAL 1 MICROSECOND")]
    [InlineData("actor_id = 99")]
    [InlineData("actor_name = UPPER(actor_name)")]
    [InlineData("db_user = 'someone@else'")]
    [InlineData("client_ip = '10.0.0.1'")]
    [InlineData("trace_id = 'other'")]
    [InlineData("entity = 'CUSTOMER'")]
    [InlineData("entity_id = entity_id + 1")]
    [InlineData("action = UPPER(action)")]
    [InlineData("changes = CONCAT(changes, ' ')")]
    public async Task Sealing_an_unsealed_row_may_not_change_any_content_column(string change)
    {
        await _db.ExecuteAsync("""
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at) VALUES ('G1', 'Guarded', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
            """);
        var id = await _db.ScalarAsync<long>("SELECT id FROM audit_log WHERE entity = 'customer' AND seq IS NULL");
        const string seal = "seq = 1, hash = REPEAT('a', 64), sealed_at = UTC_TIMESTAMP(6)";

        var refused = await Assert.ThrowsAsync<MySqlException>(() => _db.ExecuteAsync($"UPDATE audit_log SET {seal}, {change} WHERE id = @id", new { id }));

        Assert.Contains("append-only", refused.Message);
        await _db.ExecuteAsync($"UPDATE audit_log SET {seal} WHERE id = @id", new { id });
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT seq FROM audit_log WHERE id = @id", new { id }));
    }
}
