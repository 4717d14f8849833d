using Erp.Data.Audit;
using Erp.Data.Migrations;
using Erp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Erp.Tests.Integration.Audit;

/// <summary>
/// Nothing escapes the audit trail silently: every column of an audited table is declared audited, secret or
/// ignored in src/Erp.Data/Audit/AuditSchema.cs, and every table of the schema is either audited or listed
/// as not audited there.
/// </summary>
public sealed class AuditDeclarationTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await new Migrator(_db.CreateDataSource(), NullLogger<Migrator>.Instance).MigrateAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public void The_business_tables_are_audited()
    {
        Assert.Equal(
            ["customers", "invoice_lines", "invoices", "products", "sales_order_lines", "sales_orders", "stock_movements", "users"],
            AuditSchema.Tables.Select(t => t.Table).Order());
    }

    [Fact]
    public async Task Every_column_of_an_audited_table_is_declared_and_every_declared_column_exists()
    {
        var columns = await _db.QueryAsync<(string Table, string Column)>("""
            SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND column_name <> 'id'
            """);
        var problems = new List<string>();
        foreach (var table in AuditSchema.Tables)
        {
            var actual = columns.Where(c => c.Table == table.Table).Select(c => c.Column).ToHashSet();
            problems.AddRange(actual.Where(c => !table.Columns.ContainsKey(c))
                .Select(c => $"{table.Table}.{c} is not declared: add it to AuditSchema.Tables in src/Erp.Data/Audit/AuditSchema.cs " +
                             "as Audited, Secret (password hashes, stamps, tokens) or Ignored (counters recorded elsewhere)"));
            problems.AddRange(table.Columns.Keys.Where(c => !actual.Contains(c))
                .Select(c => $"{table.Table}.{c} is declared in src/Erp.Data/Audit/AuditSchema.cs but the table has no such column"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_table_is_audited_or_declared_not_audited()
    {
        var tables = await _db.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'");
        var undeclared = tables
            .Where(t => AuditSchema.Tables.All(a => a.Table != t) && !AuditSchema.NotAudited.Contains(t))
            .ToList();
        Assert.True(undeclared.Count == 0,
            $"Tables declared neither audited nor not audited: {string.Join(", ", undeclared)}. Business data goes into AuditSchema.Tables, " +
            "infrastructure (queues, keys, bookkeeping) into AuditSchema.NotAudited, both in src/Erp.Data/Audit/AuditSchema.cs.");
    }

    [Fact]
    public async Task Every_audited_table_has_its_three_triggers_and_the_trail_its_guards()
    {
        var triggers = await _db.QueryAsync<string>(
            "SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()");

        Assert.Equal(AuditTriggers.TriggerNames.Order(), triggers.Order());
        Assert.Equal(AuditSchema.Tables.Count * 3 + 2, triggers.Count);
    }
}
