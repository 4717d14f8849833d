using Erp.Data.Migrations;
using Erp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Erp.Tests.Integration;

public sealed class MigratorTests
{
    [Fact]
    public async Task First_run_applies_every_migration_and_a_second_run_applies_none()
    {
        await using var db = await TestDatabase.CreateAsync();
        var migrator = new Migrator(db.CreateDataSource(), NullLogger<Migrator>.Instance);

        Assert.Equal(Migrator.Embedded.Count, await migrator.PendingCountAsync());
        Assert.Equal(Migrator.Embedded.Count, await migrator.MigrateAsync());
        Assert.Equal(0, await migrator.MigrateAsync());
        Assert.Equal(0, await migrator.PendingCountAsync());
        Assert.Equal(Migrator.Embedded.Count, await db.ScalarAsync<int>("SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(1, await db.ScalarAsync<int>(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'sales_orders'"));
    }

    [Fact]
    public async Task Nodes_migrating_together_apply_each_script_once()
    {
        await using var db = await TestDatabase.CreateAsync();
        var migrators = Enumerable.Range(0, 3).Select(_ => new Migrator(db.CreateDataSource(), NullLogger<Migrator>.Instance));

        var applied = await Task.WhenAll(migrators.Select(m => m.MigrateAsync()));

        Assert.Equal(Migrator.Embedded.Count, applied.Sum());
    }

    [Fact]
    public async Task A_script_changed_after_it_was_applied_is_an_error()
    {
        await using var db = await TestDatabase.CreateAsync();
        var migrator = new Migrator(db.CreateDataSource(), NullLogger<Migrator>.Instance);
        await migrator.MigrateAsync();
        await db.ExecuteAsync("UPDATE schema_migrations SET checksum = REPEAT('0', 64) WHERE version = 2");

        var error = await Assert.ThrowsAsync<MigrationChecksumException>(() => migrator.MigrateAsync());

        Assert.Contains("0002_create_customers", error.Message);
    }

    [Fact]
    public void Embedded_scripts_are_numbered_without_gaps_and_avoid_syntax_MySQL_lacks()
    {
        Assert.Equal(Enumerable.Range(1, Migrator.Embedded.Count), Migrator.Embedded.Select(m => m.Version));
        foreach (var migration in Migrator.Embedded)
        {
            Assert.DoesNotContain("RETURNING", migration.Sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("DELIMITER", migration.Sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch("(?i)(ALTER TABLE|CREATE INDEX)[^;]*IF NOT EXISTS", migration.Sql);
        }
    }
}
