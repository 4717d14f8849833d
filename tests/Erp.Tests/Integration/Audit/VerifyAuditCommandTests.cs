using System.Text.Json;
using Dapper;
using Erp.Data.Audit;
using Erp.Data.Infrastructure;
using Erp.Data.Migrations;
using Erp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Erp.Tests.Integration.Audit;

/// <summary>
/// The verify-audit verb end to end (ADR 0012, 0018): the real executable's exit code and words, and the
/// chain_verified event it records, which "Verify chain" then shows as the newest verification.
/// </summary>
public sealed class VerifyAuditCommandTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(); // no app: nothing seals but the test
        await new Migrator(_db.CreateDataSource(), NullLogger<Migrator>.Instance).MigrateAsync();
        await _db.ExecuteAsync("""
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at) VALUES ('A', 'A', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at) VALUES ('B', 'B', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6));
            """);
        await using var source = _db.CreateDataSource();
        await new AuditChain(source).SealAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<(long? EntityId, string Actor, JsonElement Details)> CommandEventAsync()
    {
        var (entityId, actor, changes) = Assert.Single(await _db.QueryAsync<(long?, string, string)>(
            "SELECT entity_id, actor_name, changes FROM audit_log WHERE entity = 'audit_log' AND action = 'chain_verified' AND entity_id IS NULL"));
        return (entityId, actor, JsonDocument.Parse(changes).RootElement);
    }

    [Fact]
    public async Task An_intact_chain_exits_0_and_the_run_is_recorded_and_shown_as_the_newest_verification()
    {
        // An hour-old "Verify chain" run (its job's id as entity_id): the command's later run is the newest all the same.
        await _db.ExecuteAsync($"""
            INSERT INTO audit_log (occurred_at, actor_name, db_user, entity, entity_id, action, changes)
            VALUES (UTC_TIMESTAMP(6) - INTERVAL 1 HOUR, 'Admin', USER(), 'audit_log', 999, 'chain_verified',
                    '{JsonSerializer.Serialize(new { intact = true, first_bad = (string?)null, @checked = 1, stale_unsealed = 0,
                        oldest_stale_id = (long?)null, threshold_seconds = 60, head_hash = AuditTriggers.Genesis })}')
            """);
        await using var source = _db.CreateDataSource();
        await new AuditChain(source).SealAsync(CancellationToken.None);

        var run = await ErpCommand.RunAsync(_db, ["verify-audit"]);

        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("3 sealed rows, chain intact", run.Out);
        var (entityId, actor, details) = await CommandEventAsync();
        Assert.Equal((null, AuditVerifications.CommandActor), (entityId, actor));
        Assert.Equal((true, 3L), (details.GetProperty("intact").GetBoolean(), details.GetProperty("checked").GetInt64()));
        var latest = await new AuditVerifications(new Db(source)).LatestAsync(CancellationToken.None);
        Assert.Equal((AuditVerifications.CommandActor, true, 3L), (latest?.ActorName, latest?.Intact, latest?.Checked));
    }

    [Fact]
    public async Task A_changed_row_exits_1_naming_it_and_the_broken_result_is_recorded()
    {
        var victim = await _db.ScalarAsync<long>("SELECT MAX(id) FROM audit_log");
        await _db.ExecuteAsync($"DROP TRIGGER audit_log_guard_update; UPDATE audit_log SET actor_name = 'forged' WHERE id = {victim}");

        var run = await ErpCommand.RunAsync(_db, ["verify-audit"]);

        Assert.Equal(1, run.Exit);
        Assert.Contains($"row id {victim}", run.Error);
        var (_, _, details) = await CommandEventAsync();
        Assert.False(details.GetProperty("intact").GetBoolean());
        Assert.Contains($"row id {victim}", details.GetProperty("first_bad").GetString());
    }

    [Fact]
    public async Task The_recorded_event_is_sealed_so_a_later_run_where_no_app_seals_finds_nothing_waiting()
    {
        var first = await ErpCommand.RunAsync(_db, ["verify-audit"]);
        // As if a minute had passed: only the threshold decides "left unsealed" (0 s here), and nothing else runs.
        var second = await ErpCommand.RunAsync(_db, ["verify-audit"],
            environment: new Dictionary<string, string> { ["Audit__UnsealedThreshold"] = "00:00:00" });

        Assert.True(first.Exit == 0, first.Error);
        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains("3 sealed rows, chain intact", second.Out); // two customers and the first run's event
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE seq IS NULL"));
    }

    [Fact]
    public async Task An_account_that_may_only_read_gets_its_verification_and_a_warning_that_nothing_was_recorded()
    {
        await using (var owner = new MySqlConnector.MySqlConnection(_db.ConnectionString))
        {
            await owner.OpenAsync();
            await AuditInstaller.GrantAsync(owner, AppAccount.Role, CancellationToken.None);
            await owner.ExecuteAsync($"REVOKE INSERT (occurred_at, actor_id, actor_name, db_user, client_ip, trace_id, entity, entity_id, action, changes) ON audit_log FROM `{AppAccount.Role}`");
        }

        var run = await ErpCommand.RunAsync(_db, ["verify-audit"],
            environment: new Dictionary<string, string> { ["ConnectionStrings__Erp"] = _db.AppConnectionString });

        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("2 sealed rows, chain intact", run.Out);
        Assert.Contains("was not recorded", run.Error);
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'chain_verified'"));
    }
}
