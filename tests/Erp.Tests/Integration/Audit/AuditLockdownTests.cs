using Dapper;
using Erp.Data.Audit;
using Erp.Data.Customers;
using Erp.Data.Migrations;
using Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace Erp.Tests.Integration.Audit;

/// <summary>
/// The trail is append-only for the application account, and what the owner could still do shows in the
/// chain (ADR 0012). The repeatable step puts missing triggers back and never counts as a pending migration.
/// </summary>
[Collection(AuditCollection.Name)]
public sealed class AuditLockdownTests(AuditAppFixture fixture)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private ErpApp App => fixture.App;

    private async Task<long> NewSealedRowAsync()
    {
        var input = new CustomerInput("L" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), "Locked down", null, null, null, 1m);
        var created = (await App.Services.GetRequiredService<CustomerStore>().CreateAsync(input, None)).Row!;
        await App.Services.GetRequiredService<AuditChain>().SealAsync(None);
        return await App.Database.ScalarAsync<long>("SELECT id FROM audit_log WHERE entity = 'customer' AND entity_id = @Id", created);
    }

    public static TheoryData<string> AppAccountStatements =>
    [
        "UPDATE audit_log SET actor_name = 'someone else' WHERE id = {0}",
        "UPDATE audit_log SET seq = NULL, hash = NULL WHERE id = {0}",
        "DELETE FROM audit_log WHERE id = {0}",
        "TRUNCATE TABLE audit_log",
        "INSERT INTO audit_log (occurred_at, actor_name, db_user, entity, action, seq, hash) VALUES (UTC_TIMESTAMP(6), 'forged', 'x', 'customer', 'insert', 999999999, REPEAT('a', 64))",
        "DROP TRIGGER audit_customers_update",
        "CREATE OR REPLACE TRIGGER audit_customers_update AFTER UPDATE ON customers FOR EACH ROW SET @x = 1",
        "ALTER TABLE audit_log ADD COLUMN note INT NULL",
        "DROP TABLE audit_log",
    ];

    [Theory]
    [MemberData(nameof(AppAccountStatements))]
    public async Task The_application_account_cannot_change_or_remove_audit_rows_or_triggers(string statement)
    {
        var id = await NewSealedRowAsync();
        var before = await App.Database.ScalarAsync<string>("SELECT CONCAT_WS('|', id, actor_name, seq, hash, changes) FROM audit_log WHERE id = @id", new { id });
        await using var connection = new MySqlConnection(
            new MySqlConnectionStringBuilder(App.Database.AppConnectionString) { AllowUserVariables = true }.ConnectionString);
        await connection.OpenAsync();

        var refused = await Assert.ThrowsAsync<MySqlException>(() => connection.ExecuteAsync(string.Format(statement, id)));

        Assert.Contains("denied", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await App.Database.ScalarAsync<string>(
            "SELECT CONCAT_WS('|', id, actor_name, seq, hash, changes) FROM audit_log WHERE id = @id", new { id }));
        Assert.Equal(AuditTriggers.TriggerNames.Count(), await App.Database.ScalarAsync<int>(
            "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"));
    }

    [Theory]
    [InlineData("UPDATE audit_log SET actor_name = 'someone else' WHERE id = {0}")]
    [InlineData("DELETE FROM audit_log WHERE id = {0}")]
    public async Task Even_the_owner_is_refused_a_change_to_a_sealed_row_while_the_guards_stand(string statement)
    {
        var id = await NewSealedRowAsync();

        var refused = await Assert.ThrowsAsync<MySqlException>(() => App.Database.ExecuteAsync(string.Format(statement, id)));

        Assert.Contains("append-only", refused.Message);
    }

    [Fact]
    public async Task The_application_account_may_insert_a_manual_event()
    {
        await using var connection = new MySqlConnection(App.Database.AppConnectionString);

        await connection.ExecuteAsync("""
            INSERT INTO audit_log (occurred_at, actor_name, db_user, entity, action, changes)
            VALUES (UTC_TIMESTAMP(6), 'tester', USER(), 'user', 'sign_in', NULL)
            """);

        Assert.True(await App.Database.ScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE actor_name = 'tester' AND action = 'sign_in'") >= 1);
    }

    [Fact]
    public async Task Unsealed_rows_may_be_sealed_but_their_content_never_changes()
    {
        var input = new CustomerInput("U" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), "Unsealed", null, null, null, 1m);
        var created = (await App.Services.GetRequiredService<CustomerStore>().CreateAsync(input, None)).Row!;
        var id = await App.Database.ScalarAsync<long>("SELECT id FROM audit_log WHERE entity = 'customer' AND entity_id = @Id", created);

        // No "AND seq IS NULL" in the forged statement: the app's sealer may seal the row first (every 2 s), and the
        // statement must then still be refused (a sealed row never changes either), not match nothing.
        var refused = await Assert.ThrowsAsync<MySqlException>(() => App.Database.ExecuteAsync(
            "UPDATE audit_log SET seq = 999999999, hash = REPEAT('a', 64), actor_name = 'forged' WHERE id = @id", new { id }));

        Assert.Contains("append-only", refused.Message);
    }

    [Fact]
    public async Task Altering_a_sealed_rows_content_makes_the_verifier_name_that_row()
    {
        var id = await NewSealedRowAsync();
        var chain = App.Services.GetRequiredService<AuditChain>();
        Assert.True((await chain.VerifyAsync(TimeSpan.FromMinutes(1), None)).Intact);

        // Someone with the owner's rights takes the guard away, edits the row, and puts the guard back.
        await TamperAsync($"UPDATE audit_log SET changes = REPLACE(changes, 'Locked down', 'Edited later') WHERE id = {id}");
        try
        {
            var result = await chain.VerifyAsync(TimeSpan.FromMinutes(1), None);

            Assert.False(result.Intact);
            Assert.StartsWith($"row id {id} ", result.FirstBad);
        }
        finally
        {
            await TamperAsync($"UPDATE audit_log SET changes = REPLACE(changes, 'Edited later', 'Locked down') WHERE id = {id}");
        }
        Assert.True((await chain.VerifyAsync(TimeSpan.FromMinutes(1), None)).Intact);
    }

    private async Task TamperAsync(string sql)
    {
        var guard = AuditTriggers.All.Single(o => o.Name == "audit_log_guard_update").Sql;
        await using var owner = AuditInstaller.OpenDdlConnection(App.Database.ConnectionString);
        await owner.OpenAsync();
        await owner.ExecuteAsync("DROP TRIGGER audit_log_guard_update");
        try
        {
            await owner.ExecuteAsync(sql);
        }
        finally
        {
            await owner.ExecuteAsync(guard);
        }
    }
}

/// <summary>The migrator's repeatable step on its own database.</summary>
public sealed class AuditInstallTests
{
    [Fact]
    public async Task A_missing_trigger_is_put_back_by_the_next_migration_and_the_step_is_never_a_pending_migration()
    {
        await using var db = await TestDatabase.CreateAsync();
        var migrator = new Migrator(db.CreateDataSource(), NullLogger<Migrator>.Instance);
        await migrator.MigrateAsync();
        Assert.Equal(AuditTriggers.Checksum, await db.ScalarAsync<string>("SELECT checksum FROM schema_repeatables WHERE name = 'audit-triggers'"));
        await db.ExecuteAsync("DROP TRIGGER audit_customers_update");

        Assert.Equal(0, await migrator.PendingCountAsync());
        Assert.Equal(0, await migrator.MigrateAsync());

        Assert.Equal(1, await db.ScalarAsync<int>(
            "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name = 'audit_customers_update'"));
    }

    [Fact]
    public async Task Rows_left_unsealed_longer_than_the_threshold_are_reported_and_sealing_clears_them()
    {
        await using var db = await TestDatabase.CreateAsync(); // no app: no hosted sealer
        await new Migrator(db.CreateDataSource(), NullLogger<Migrator>.Instance).MigrateAsync();
        await db.ExecuteAsync("""
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at) VALUES ('OLD', 'Old', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at) VALUES ('NEW', 'New', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
            """);
        var old = await db.ScalarAsync<long>("SELECT MIN(id) FROM audit_log");
        await using (var owner = AuditInstaller.OpenDdlConnection(db.ConnectionString))
        {
            await owner.OpenAsync();
            await owner.ExecuteAsync("DROP TRIGGER audit_log_guard_update"); // make the row look old; the guard forbids it otherwise
            await owner.ExecuteAsync("UPDATE audit_log SET occurred_at = occurred_at - INTERVAL 2 MINUTE WHERE id = @old", new { old });
        }
        await using var source = db.CreateDataSource();
        var chain = new AuditChain(source);

        var before = await chain.VerifyAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        await chain.SealAsync(CancellationToken.None);
        var after = await chain.VerifyAsync(TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal((1L, (long?)old), (before.StaleUnsealed, before.OldestStaleId));
        Assert.Equal((0L, 2L, true), (after.StaleUnsealed, after.Sealed, after.Intact));
    }

    [Fact]
    public async Task Deleting_a_sealed_row_makes_the_verifier_name_the_missing_place()
    {
        await using var db = await TestDatabase.CreateAsync();
        await new Migrator(db.CreateDataSource(), NullLogger<Migrator>.Instance).MigrateAsync();
        await db.ExecuteAsync("""
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at) VALUES ('A', 'A', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at) VALUES ('B', 'B', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at) VALUES ('C', 'C', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
            """);
        await using var source = db.CreateDataSource();
        var chain = new AuditChain(source);
        await chain.SealAsync(CancellationToken.None);

        await db.ExecuteAsync("DROP TRIGGER audit_log_guard_delete; DELETE FROM audit_log WHERE seq = 2;");
        var result = await chain.VerifyAsync(TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.False(result.Intact);
        Assert.StartsWith("seq 2 is missing", result.FirstBad);
    }

    [Fact]
    public async Task An_older_node_leaves_the_triggers_of_a_newer_one_in_place()
    {
        await using var db = await TestDatabase.CreateAsync();
        var migrator = new Migrator(db.CreateDataSource(), NullLogger<Migrator>.Instance);
        await migrator.MigrateAsync();
        // A newer version applied other triggers, built for a migration this version does not know.
        await db.ExecuteAsync("UPDATE schema_repeatables SET checksum = 'newer', built_for = 9999 WHERE name = 'audit-triggers'");

        await migrator.MigrateAsync();

        Assert.Equal("newer", await db.ScalarAsync<string>("SELECT checksum FROM schema_repeatables WHERE name = 'audit-triggers'"));
    }
}
