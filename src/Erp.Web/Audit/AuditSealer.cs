using Erp.Data.Audit;

namespace Erp.Web.Audit;

/// <summary>
/// Seals committed audit rows into the hash chain every <c>Audit:SealInterval</c> (default 2 s; ADR 0012).
/// Every node runs one; the audit_seal procedure lets one seal at a time, so the chain never forks.
/// A failure is logged and retried at the next tick: rows wait unsealed, and verify-audit reports those
/// left unsealed for longer than <c>Audit:UnsealedThreshold</c>.
/// </summary>
public sealed class AuditSealer(AuditChain chain, IConfiguration config, ILogger<AuditSealer> logger, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = config.GetValue("Audit:SealInterval", TimeSpan.FromSeconds(2));
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await chain.SealAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Sealing audit rows failed; retrying in {Interval}", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
