using Erp.Data.Infrastructure;
using Erp.Data.Invoices;
using Erp.Data.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Erp.Web.Jobs;

public static class JobsSetup
{
    /// <summary>The job store, the handlers, the wake-up signal and (unless Jobs:Enabled is false) this node's workers.</summary>
    public static void AddErpJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<JobsOptions>(builder.Configuration.GetSection(JobsOptions.Section));
        services.Configure<SmtpSettings>(builder.Configuration.GetSection(SmtpSettings.Section));
        services.AddSingleton<JobStore>();
        services.AddSingleton<InvoiceDocumentStore>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<IAfterCommit>(sp => sp.GetRequiredService<JobSignal>());
        services.AddSingleton<JobMetrics>();
        services.AddSingleton<InvoicePdf>();
        services.AddSingleton<InvoiceMailer>();
        services.AddSingleton<IJobHandler, InvoicePdfJob>();
        services.AddSingleton<IJobHandler, InvoiceEmailJob>();
        services.AddSingleton<IJobHandler, PurgeJob>();
        services.AddSingleton<IJobHandler, AuditVerifyJob>();
        services.Configure<Exports.FilesOptions>(builder.Configuration.GetSection(Exports.FilesOptions.Section));
        services.AddSingleton<Erp.Data.Exports.ExportStore>();
        services.AddSingleton<IJobHandler, Exports.ListExportJob>();
        services.AddSingleton<IJobHandler, Exports.ListExportExpireJob>();
        services.AddSingleton<JobWorker>();
        if (builder.Configuration.GetValue($"{JobsOptions.Section}:Enabled", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<JobWorker>());
        }
        services.AddHealthChecks().AddCheck<JobsHealthCheck>("jobs", failureStatus: HealthStatus.Degraded, tags: ["ready"]);
    }
}

/// <summary>Degraded when a due job has waited longer than Jobs:DegradedAfter (workers stopped, stuck or too few).</summary>
public sealed class JobsHealthCheck(JobStore store, IOptions<JobsOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var queue = await store.QueueAsync(ct);
            return queue.OldestAge > options.Value.DegradedAfter
                ? new HealthCheckResult(context.Registration.FailureStatus,
                    $"{queue.Due} job(s) due; the oldest has waited {queue.OldestAge.TotalSeconds:F0} s (more than {options.Value.DegradedAfter.TotalSeconds:F0} s).")
                : HealthCheckResult.Healthy($"{queue.Due} job(s) due; the oldest has waited {queue.OldestAge.TotalSeconds:F0} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The jobs table could not be read.", e);
        }
    }
}
