using Erp.Data.Audit;
using Erp.Data.Infrastructure;
using Erp.Data.Jobs;

namespace Erp.Web.Jobs;

/// <summary>
/// audit-verify: walks the hash chain (<see cref="AuditChain.VerifyAsync"/>, the verify-audit verb's check) and records
/// the result as the chain_verified event, acted by the admin who asked, in the job's completing transaction: a run
/// that happens twice records once (docs/adr/0018-business-events-verify-revert.md).
/// </summary>
public sealed class AuditVerifyJob(AuditChain chain, IConfiguration config) : IJobHandler
{
    public string Type => JobTypes.AuditVerify;

    public async Task RunAsync(JobRun run, CancellationToken ct)
    {
        var payload = run.Read<AuditVerifications.Payload>();
        var threshold = config.GetValue("Audit:UnsealedThreshold", TimeSpan.FromMinutes(1));
        var result = await chain.VerifyAsync(threshold, ct);
        await run.CompleteWithAsync(uow => AuditEvents.WriteAsync(uow, new AuditEvent(AuditEvents.ChainEntity, run.Id, AuditActions.ChainVerified,
            AuditVerifications.Details(result, threshold))
        {
            Actor = new WriteContext(payload.ActorId, payload.ActorName, null, null),
        }, ct), ct);
    }
}
