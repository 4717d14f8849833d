using Dapper;
using Erp.Data.Audit;
using Erp.Data.Migrations;
using Erp.Data.Paging;
using Erp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace Erp.Tests.Integration.Lists;

/// <summary>
/// 1,000,000 audit rows, generated in one INSERT ... SELECT (a few seconds) as the owner, analyzed, and shared by the
/// audit list's index tests: the log is the largest table, so its plans are proven at a size where they matter.
/// </summary>
public sealed class AuditLogFixture : IAsyncLifetime
{
    public const int Rows = 1_000_000;
    public const int RecordIds = 1000;
    public const int Orders = 3000;

    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await new Migrator(Database.CreateDataSource(), NullLogger<Migrator>.Instance).MigrateAsync();
        await using var connection = new MySqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        // Every 3 rows share a time (ties are broken by id); 8 entities in turn, 1,000 ids each; one actor in ten is
        // nobody (a console); actions mostly updates, some inserts, deletes and events; order lines name their order.
        await connection.ExecuteAsync(new CommandDefinition($$"""
            INSERT INTO audit_log (occurred_at, actor_id, actor_name, db_user, entity, entity_id, action, changes)
            SELECT TIMESTAMP('2025-01-01 00:00:00') + INTERVAL (s.seq DIV 3) * 90 SECOND,
                   IF(s.seq % 10 = 0, NULL, s.seq % 37 + 1),
                   IF(s.seq % 10 = 0, 'erp@localhost', CONCAT('user ', s.seq % 37 + 1)),
                   'erp@localhost',
                   ELT(s.seq % 8 + 1, 'user', 'customer', 'product', 'stock_movement', 'order', 'order_line', 'invoice', 'invoice_line'),
                   (s.seq DIV 8) % {{RecordIds}} + 1,
                   CASE s.seq % 20 WHEN 0 THEN 'delete' WHEN 1 THEN 'sign_in' WHEN 2 THEN 'insert' WHEN 3 THEN 'insert' ELSE 'update' END,
                   IF(s.seq % 8 = 5, CONCAT('{"order_id": {"after": ', (s.seq DIV 8) % {{Orders}} + 1, '}', '}'),
                      CONCAT('{"name": {"before": "a", "after": "b"}', '}'))
            FROM seq_1_to_{{Rows}} s
            """, commandTimeout: 600));
        await connection.ExecuteAsync(new CommandDefinition("ANALYZE TABLE audit_log", commandTimeout: 600));
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}

/// <summary>
/// /admin/audit: every filter combination reads its named index as a range at a deep cursor (90 % down), with about one
/// handler read per row returned (at most limit + 2), on 1,000,000 audit rows (docs/adr/0017-audit-reading.md).
/// </summary>
public sealed class AuditIndexTests(AuditLogFixture data) : IClassFixture<AuditLogFixture>
{
    private const int Limit = 50;
    private static readonly DateTime From = new(2025, 3, 1), To = new(2025, 9, 1);

    public sealed record AuditCase(string Name, string Index, string Where, AuditListQuery Query)
    {
        public override string ToString() => Name;
    }

    private static AuditListQuery Q(long? actor = null, string? entity = null, long? entityId = null, string? action = null,
        DateTime? from = null, DateTime? to = null) => new(actor, entity, entityId, action, from, to, Limit);

    public static TheoryData<AuditCase> Cases() => new()
    {
        new("newest first", "ix_audit_log_time", "1=1", Q()),
        new("days", "ix_audit_log_time", "occurred_at >= '2025-03-01' AND occurred_at < '2025-09-01'", Q(from: From, to: To)),
        new("actor", "ix_audit_log_actor", "actor_id = 5", Q(actor: 5)),
        new("actor, days", "ix_audit_log_actor", "actor_id = 5 AND occurred_at >= '2025-03-01' AND occurred_at < '2025-09-01'",
            Q(actor: 5, from: From, to: To)),
        new("actor, action", "ix_audit_log_actor_action", "actor_id = 5 AND action = 'update'", Q(actor: 5, action: "update")),
        new("actor, entity", "ix_audit_log_actor_entity", "actor_id = 5 AND entity = 'customer'", Q(actor: 5, entity: "customer")),
        new("entity", "ix_audit_log_entity_time", "entity = 'order'", Q(entity: "order")),
        new("entity, days", "ix_audit_log_entity_time", "entity = 'order' AND occurred_at >= '2025-03-01' AND occurred_at < '2025-09-01'",
            Q(entity: "order", from: From, to: To)),
        new("entity, action", "ix_audit_log_entity_action", "entity = 'customer' AND action = 'update'", Q(entity: "customer", action: "update")),
        new("action", "ix_audit_log_action", "action = 'delete'", Q(action: "delete")),
        new("action, days", "ix_audit_log_action", "action = 'sign_in' AND occurred_at >= '2025-03-01' AND occurred_at < '2025-09-01'",
            Q(action: "sign_in", from: From, to: To)),
        new("entity and id", "ix_audit_log_record", "entity = 'customer' AND entity_id = 7", Q(entity: "customer", entityId: 7)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Deep_cursor_reads_the_named_index_as_a_range_with_one_read_per_row(AuditCase list)
    {
        var matching = await data.Database.ScalarAsync<long>($"SELECT COUNT(*) FROM audit_log WHERE {list.Where}");
        var depth = matching * 9 / 10;
        var deep = (await data.Database.QueryAsync<(DateTime Key, long Id)>(
            $"SELECT occurred_at, id FROM audit_log WHERE {list.Where} ORDER BY occurred_at DESC, id DESC LIMIT 1 OFFSET {depth}")).Single();

        foreach (var (seek, expectedRows) in new[]
                 {
                     (Seek.After, Math.Min(Limit + 1, matching - depth - 1)),
                     (Seek.Before, Math.Min(Limit + 1, depth)),
                     (Seek.From, Math.Min(Limit + 1, matching - depth)),
                 })
        {
            var (sql, args) = AuditReadStore.PageCommand(list.Query with { After = new KeysetPosition(deep.Key, deep.Id, seek) });

            var (plan, handlerReads, rows) = await LargeDataFixture.ProfileAsync(data.Database, sql, args);

            Assert.True(expectedRows == rows, $"{list.Name}, {seek}: {rows} rows instead of {expectedRows}");
            var step = Assert.Single(plan);
            Assert.Equal(list.Index, step.Key);
            Assert.Equal("range", step.Type);
            Assert.DoesNotContain("filesort", step.Extra ?? "");
            Assert.True(handlerReads is >= 1 and <= Limit + 2, $"{list.Name}, {seek}: {handlerReads} handler reads");
        }
        Assert.True(matching >= 100, $"{list.Name}: only {matching} rows match; the test needs depth");
    }

    /// <summary>
    /// Combinations without an index of their own read the narrower named index in list order and check the remaining
    /// filter on its rows (ADR 0017): still a range, never a sort.
    /// </summary>
    [Theory]
    [InlineData("ix_audit_log_actor_entity", 5L, "customer", null, "update")]
    [InlineData("ix_audit_log_record", null, "customer", 7L, "update")]
    [InlineData("ix_audit_log_record", 5L, "customer", 7L, null)]
    public async Task Combinations_without_their_own_index_read_the_narrower_named_index_in_order(string index, long? actor, string? entity,
        long? entityId, string? action)
    {
        var (sql, args) = AuditReadStore.PageCommand(Q(actor, entity, entityId, action) with
        {
            After = new KeysetPosition(new DateTime(2025, 6, 1), 500_000),
        });

        var (plan, _, _) = await LargeDataFixture.ProfileAsync(data.Database, sql, args);

        var step = Assert.Single(plan);
        Assert.Equal((index, "range"), (step.Key, step.Type));
        Assert.DoesNotContain("filesort", step.Extra ?? "");
    }

    [Fact]
    public async Task An_orders_history_finds_its_lines_on_the_parent_index_and_reads_only_that_orders_rows()
    {
        const long order = 42;
        var lineIds = (await data.Database.QueryAsync<long>(
            "SELECT DISTINCT entity_id FROM audit_log WHERE entity = 'order_line' AND parent_id = @order", new { order })).ToList();
        var (lookupPlan, _, _) = await LargeDataFixture.ProfileAsync(data.Database,
            "SELECT DISTINCT entity_id FROM audit_log FORCE INDEX (ix_audit_log_parent) WHERE entity = 'order_line' AND parent_id = @order", new { order });
        var ownRows = await data.Database.ScalarAsync<long>("""
            SELECT COUNT(*) FROM audit_log WHERE (entity = 'order' AND entity_id = @order) OR (entity = 'order_line' AND entity_id IN @lineIds)
            """, new { order, lineIds });

        var (sql, args) = AuditReadStore.HistoryCommand("order", order, "order_line", lineIds, Limit, null);
        var (plan, handlerReads, rows) = await LargeDataFixture.ProfileAsync(data.Database, sql, args);

        Assert.NotEmpty(lineIds);
        Assert.Equal("ix_audit_log_parent", Assert.Single(lookupPlan).Key);
        Assert.Equal("ix_audit_log_record", Assert.Single(plan).Key);
        Assert.Equal("range", plan[0].Type);
        Assert.Equal((int)Math.Min(Limit + 1, ownRows), rows);
        // Bounded by the order's own history, never by the million rows of the log: its rows and its lines' rows, a seek
        // and an end per range (the order and each line), and the sort's second read of the rows it returns.
        Assert.True(handlerReads <= ownRows + 2 * (lineIds.Count + 1) + rows, $"{handlerReads} handler reads for {ownRows} rows of the order");
    }

    [Fact]
    public async Task The_fixture_holds_a_million_audit_rows()
    {
        Assert.True(await data.Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit_log") >= 1_000_000);
    }
}
