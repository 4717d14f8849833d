using Erp.Data.Audit;
using Erp.Data.Migrations;
using Erp.Tests.Integration.WritePath;
using Erp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Erp.Tests.Integration.Audit;

/// <summary>
/// The seed loads with the triggers suspended and writes the same audit rows in bulk (ADR 0012): one insert
/// row per loaded row, actor "seed", one event that says so, triggers back afterwards, the chain sealed.
/// </summary>
public sealed class SeedAuditTests
{
    [Fact]
    public async Task Seed_leaves_one_sealed_audit_row_per_loaded_row_equal_to_what_the_triggers_write_and_restores_the_triggers()
    {
        await using var db = await TestDatabase.CreateAsync();
        await new Migrator(db.CreateDataSource(), NullLogger<Migrator>.Instance).MigrateAsync();

        await new DemoSeeder(db.CreateDataSource(bulk: true), TextWriter.Null).SeedAsync(400);

        var loaded = 0L;
        foreach (var table in AuditSchema.Tables.Where(t => t.Table != "users"))
        {
            var rows = await db.ScalarAsync<long>($"SELECT COUNT(*) FROM {table.Table}");
            Assert.Equal(rows, await db.ScalarAsync<long>(
                "SELECT COUNT(*) FROM audit_log WHERE entity = @Entity AND action = 'insert' AND actor_name = 'seed'", table));
            loaded += rows;
        }
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE action = 'seed_loaded' AND actor_name = 'seed'"));
        Assert.Equal(loaded + 1, await db.ScalarAsync<long>("SELECT COUNT(*) FROM audit_log"));
        Assert.Equal(AuditTriggers.TriggerNames.Count(), await db.ScalarAsync<int>(
            "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE()"));

        // The bulk rows hold what an insert trigger would have written for the same row.
        var expected = AuditedRows.Expected([], await AuditedRows.TakeAsync(db));
        var recorded = (await AuditedRows.RecordedSinceAsync(db, 0)).Where(r => r.Key.EndsWith(":insert")).ToList();
        Assert.Equal(expected.Count, recorded.Count);
        Assert.All(recorded, r => Assert.Equal(expected[r.Key], r.Changes));

        await using var source = db.CreateDataSource();
        var chain = await new AuditChain(source).VerifyAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.True(chain.Intact, chain.FirstBad);
        Assert.Equal(loaded + 1, chain.Sealed);
    }
}
