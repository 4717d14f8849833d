using Dapper;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Erp.Data.Audit;

/// <summary>
/// The migrator's repeatable step (ADR 0012): applies the generated audit triggers and procedures when
/// their checksum differs from the one recorded in schema_repeatables or one of them is missing (a seed
/// that crashed while its triggers were suspended), and grants the application role its rights.
/// Runs as the owner account, under the migration lock.
/// </summary>
public static class AuditInstaller
{
    public const string StepName = "audit-triggers";

    /// <summary>
    /// The statements hold <c>@erp_*</c> session variables, which MySqlConnector takes for parameters unless
    /// told otherwise: only the owner's connections used for DDL allow them, never the application's.
    /// </summary>
    public static MySqlConnection OpenDdlConnection(string connectionString) =>
        new(new MySqlConnectionStringBuilder(connectionString) { AllowUserVariables = true }.ConnectionString);

    /// <summary>Applies the generated objects when needed; <paramref name="builtFor"/> is the newest migration this code knows.</summary>
    public static async Task<bool> EnsureAsync(MySqlConnection connection, int builtFor, ILogger logger, CancellationToken ct)
    {
        var recorded = await connection.QuerySingleOrDefaultAsync<(string Checksum, int BuiltFor)?>(new CommandDefinition(
            "SELECT checksum, built_for FROM schema_repeatables WHERE name = @StepName", new { StepName }, cancellationToken: ct));
        var present = await PresentCountAsync(connection, ct);
        var complete = present == AuditTriggers.All.Count;
        if (complete && recorded?.Checksum == AuditTriggers.Checksum)
        {
            return false;
        }
        if (complete && recorded is { } r && r.BuiltFor > builtFor)
        {
            // An older node during a rolling deploy: the newer node's triggers stay (ADR 0012).
            logger.LogWarning("Audit triggers were applied by a newer version (built for migration {Theirs}, this one {Ours}); left as they are.",
                r.BuiltFor, builtFor);
            return false;
        }
        await ApplyAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO schema_repeatables (name, checksum, built_for, applied_at) VALUES (@StepName, @Checksum, @builtFor, UTC_TIMESTAMP(6))
            ON DUPLICATE KEY UPDATE checksum = @Checksum, built_for = @builtFor, applied_at = UTC_TIMESTAMP(6)
            """, new { StepName, AuditTriggers.Checksum, builtFor }, cancellationToken: ct));
        logger.LogInformation("Applied {Count} audit triggers and procedures (checksum {Checksum}).", AuditTriggers.All.Count, AuditTriggers.Checksum);
        return true;
    }

    /// <summary>Every generated object, each a CREATE OR REPLACE: no moment without a trigger.</summary>
    public static async Task ApplyAsync(MySqlConnection connection, CancellationToken ct)
    {
        foreach (var item in AuditTriggers.All)
        {
            await connection.ExecuteAsync(new CommandDefinition(item.Sql, cancellationToken: ct));
        }
    }

    private static Task<int> PresentCountAsync(MySqlConnection connection, CancellationToken ct) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            SELECT (SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name IN @triggers)
                 + (SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = DATABASE() AND routine_name IN @routines)
            """, new
        {
            triggers = AuditTriggers.All.Where(o => o.Kind == "TRIGGER").Select(o => o.Name).ToArray(),
            routines = AuditTriggers.All.Where(o => o.Kind == "PROCEDURE").Select(o => o.Name).ToArray(),
        }, cancellationToken: ct));

    /// <summary>
    /// The seeder's bulk load: drops the business tables' triggers (it writes the equivalent audit rows
    /// itself). Only the owner may; the next <see cref="ApplyAsync"/> or migration puts them back.
    /// </summary>
    public static async Task SuspendBusinessTriggersAsync(MySqlConnection connection, CancellationToken ct)
    {
        foreach (var name in AuditTriggers.BusinessTriggerNames)
        {
            await connection.ExecuteAsync(new CommandDefinition($"DROP TRIGGER IF EXISTS {name}", cancellationToken: ct));
        }
    }

    /// <summary>
    /// The application role's rights, granted after every migration so tables other migrations add are
    /// covered without anyone remembering: DML on every table but audit_log, read-only bookkeeping of the
    /// migrator, and on audit_log only SELECT and INSERT of the content columns (manual events); sealing goes through audit_seal.
    /// </summary>
    public static async Task GrantAsync(MySqlConnection connection, string role, CancellationToken ct)
    {
        var grantee = $"`{role.Replace("`", "``")}`";
        var tables = await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'
            """, cancellationToken: ct));
        foreach (var table in tables)
        {
            var rights = table switch
            {
                // Manual events may be inserted, but never with a seal (id, seq, hash, sealed_at are the sealer's).
                "audit_log" => "SELECT, INSERT (occurred_at, actor_id, actor_name, db_user, client_ip, trace_id, entity, entity_id, action, changes)",
                "schema_migrations" or "schema_repeatables" => "SELECT",
                _ => "SELECT, INSERT, UPDATE, DELETE",
            };
            await connection.ExecuteAsync(new CommandDefinition($"GRANT {rights} ON `{table}` TO {grantee}", cancellationToken: ct));
        }
        foreach (var procedure in AuditTriggers.All.Where(o => o.Kind == "PROCEDURE"))
        {
            await connection.ExecuteAsync(new CommandDefinition($"GRANT EXECUTE ON PROCEDURE `{procedure.Name}` TO {grantee}", cancellationToken: ct));
        }
    }
}
