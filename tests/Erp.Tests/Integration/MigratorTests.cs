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
    public void Embedded_scripts_are_numbered_in_order_and_avoid_syntax_MySQL_lacks()
    {
        // Parallel branches take separate number ranges, so gaps between ranges are expected.
        Assert.Equal(Migrator.Embedded.Select(m => m.Version).Distinct().Order(), Migrator.Embedded.Select(m => m.Version));
        Assert.Equal(Enumerable.Range(1, 9), Migrator.Embedded.Select(m => m.Version).Take(9));
        foreach (var migration in Migrator.Embedded)
        {
            Assert.DoesNotContain("RETURNING", migration.Sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("DELIMITER", migration.Sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch("(?i)(ALTER TABLE|CREATE INDEX)[^;]*IF NOT EXISTS", migration.Sql);
        }
    }

    [Fact]
    public void Every_embedded_script_after_0009_holds_exactly_one_statement()
    {
        foreach (var migration in Migrator.Embedded.Where(m => m.Version >= MigrationRules.FirstSingleStatementVersion))
        {
            Assert.Single(MigrationRules.Statements(migration.Sql));
            Assert.Null(MigrationRules.Check(migration.Version, migration.Sql));
        }
    }

    [Theory]
    [InlineData("CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);", "holds 2 statements")]
    [InlineData("ALTER TABLE a ADD COLUMN x INT; UPDATE a SET x = 1;", "holds 2 statements")]
    [InlineData("SET FOREIGN_KEY_CHECKS = 0", "starts with SET")]
    [InlineData("-- only a comment\n", "holds 0 statements")]
    public void The_migration_rule_refuses_scripts_that_are_not_one_statement(string sql, string problem)
    {
        Assert.Contains(problem, MigrationRules.Check(20, sql));
    }

    [Theory]
    [InlineData("-- why\nALTER TABLE a ADD COLUMN b VARCHAR(10) NULL, ADD COLUMN c INT NULL;")]
    [InlineData("UPDATE a SET note = 'one; two' /* a; b */ WHERE id = 1;")]
    [InlineData("INSERT INTO a (x) SELECT x FROM b;\n\n-- trailing comment; with a semicolon\n")]
    public void The_migration_rule_allows_one_DDL_or_one_data_statement(string sql)
    {
        Assert.Null(MigrationRules.Check(20, sql));
    }

    [Fact]
    public void Scripts_before_the_rule_keep_their_several_statements()
    {
        var appState = Migrator.Embedded.Single(m => m.Version == 8);

        Assert.Equal(2, MigrationRules.Statements(appState.Sql).Count);
        Assert.Null(MigrationRules.Check(8, appState.Sql));
    }
}
