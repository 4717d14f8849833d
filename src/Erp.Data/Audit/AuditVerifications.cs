using System.Text.Json;
using Dapper;
using Erp.Data.Infrastructure;
using Erp.Data.Jobs;

namespace Erp.Data.Audit;

/// <summary>What a chain_verified event says (its details), as the "Verify chain" status shows it.</summary>
public sealed record ChainVerifiedResult(long EntryId, DateTime OccurredAt, string ActorName, bool Intact, string? FirstBad, long Checked,
    long StaleUnsealed, long? OldestStaleId, int ThresholdSeconds, string HeadHash);

/// <summary>Where one "Verify chain" run stands: waiting or running (its job), failed (the job died), or done with its result.</summary>
public sealed record VerifyRun(long JobId, string JobStatus, string? LastError, ChainVerifiedResult? Result)
{
    public bool InProgress => Result is null && JobStatus is Jobs.JobStatus.Pending or Jobs.JobStatus.Running;
}

/// <summary>
/// "Verify chain" runs the verifier as an audit-verify job (docs/adr/0018-business-events-verify-revert.md); its result
/// is the chain_verified event the job writes with its completion (entity audit_log, entity_id = the job's id), so
/// the result outlives the job row and is itself in the chain. The verify-audit verb records its runs the same way,
/// without a job (entity_id NULL, actor <see cref="CommandActor"/>).
/// </summary>
public sealed class AuditVerifications(Db db)
{
    /// <summary>The actor of a chain_verified event the verify-audit verb records (the row's db_user names the account).</summary>
    public const string CommandActor = "verify-audit command";

    /// <summary>What a chain_verified event says: the verifier's findings and the unsealed threshold it used.</summary>
    public static object Details(AuditVerification result, TimeSpan threshold) => new
    {
        result.Intact,
        result.FirstBad,
        Checked = result.Sealed,
        result.StaleUnsealed,
        result.OldestStaleId,
        ThresholdSeconds = (int)threshold.TotalSeconds,
        result.HeadHash,
    };

    /// <summary>Records a verify-audit run as a chain_verified event, so the trail and "Verify chain" show it too.</summary>
    public Task<long> RecordCommandRunAsync(AuditVerification result, TimeSpan threshold, CancellationToken ct) =>
        new AuditEvents(db).RecordAsync(new AuditEvent(AuditEvents.ChainEntity, null, AuditActions.ChainVerified, Details(result, threshold))
        {
            Actor = new WriteContext(null, CommandActor, null, null),
        }, ct);

    public sealed record Payload(long? ActorId, string ActorName);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Enqueues a verification for the current actor, or answers the one already waiting or running (one at a time is enough).</summary>
    public Task<long> StartAsync(CancellationToken ct) =>
        db.WriteAsync(async uow =>
        {
            var running = await uow.QuerySingleOrDefaultAsync<long?>("""
                SELECT id FROM jobs WHERE type = @type AND status IN ('pending', 'running') ORDER BY id DESC LIMIT 1 FOR UPDATE
                """, new { type = JobTypes.AuditVerify }, ct);
            return running ?? await uow.EnqueueAsync(new JobRequest(JobTypes.AuditVerify,
                JsonSerializer.Serialize(new Payload(uow.Context.ActorId, uow.Context.ActorName), Json), MaxAttempts: 3), ct);
        }, ct);

    /// <summary>The run of job <paramref name="jobId"/>, or null when there is no such verification.</summary>
    public async Task<VerifyRun?> RunAsync(long jobId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var result = await ResultAsync(connection, "entity_id = @jobId", new { jobId }, ct);
        var job = await connection.QuerySingleOrDefaultAsync<(string Status, string? LastError)?>(new CommandDefinition(
            "SELECT status, last_error FROM jobs WHERE id = @jobId AND type = @type", new { jobId, type = JobTypes.AuditVerify }, cancellationToken: ct));
        if (result is null && job is null)
        {
            return null;
        }
        return new VerifyRun(jobId, job?.Status ?? JobStatus.Succeeded, job?.LastError, result);
    }

    /// <summary>The newest verification's result, or null when the chain was never verified (by "Verify chain" or the verify-audit verb).</summary>
    public async Task<ChainVerifiedResult?> LatestAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await ResultAsync(connection, "TRUE", null, ct);
    }

    private static async Task<ChainVerifiedResult?> ResultAsync(MySqlConnector.MySqlConnection connection, string where, object? args, CancellationToken ct)
    {
        // The newest chain_verified event without a scan: ix_audit_log_entity_time (entity, occurred_at, id), or
        // ix_audit_log_record (entity, entity_id, occurred_at, id) for one job's. By time, so a verify-audit run
        // (entity_id NULL) counts as the newest when it is.
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, DateTime OccurredAt, string ActorName, string Changes)?>(new CommandDefinition($"""
            SELECT id, occurred_at, actor_name, changes FROM audit_log
            WHERE entity = '{AuditEvents.ChainEntity}' AND action = '{AuditActions.ChainVerified}' AND {where}
            ORDER BY occurred_at DESC, id DESC LIMIT 1
            """, args, cancellationToken: ct));
        if (row is not { } r)
        {
            return null;
        }
        var d = JsonDocument.Parse(r.Changes).RootElement;
        return new ChainVerifiedResult(r.Id, r.OccurredAt, r.ActorName, d.GetProperty("intact").GetBoolean(),
            d.GetProperty("first_bad").ValueKind == JsonValueKind.String ? d.GetProperty("first_bad").GetString() : null,
            d.GetProperty("checked").GetInt64(), d.GetProperty("stale_unsealed").GetInt64(),
            d.GetProperty("oldest_stale_id").ValueKind == JsonValueKind.Number ? d.GetProperty("oldest_stale_id").GetInt64() : null,
            d.GetProperty("threshold_seconds").GetInt32(), d.GetProperty("head_hash").GetString()!);
    }
}
