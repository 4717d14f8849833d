namespace Erp.Web.Jobs;

/// <summary>Configuration section Jobs (docs/adr/0011-durable-jobs.md).</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>False: this node runs no workers (jobs are still enqueued; other nodes run them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Jobs one node runs at the same time.</summary>
    public int Slots { get; set; } = 4;

    /// <summary>How often a node looks for other nodes' jobs, delayed jobs and expired leases.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim holds a job; renewed every third of it while the job runs.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>On shutdown, how long running jobs may take to finish before they are given back.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry's delay; each further retry doubles it (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Finished jobs (succeeded, dead, cancelled) are deleted this long after they finished.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the purge job runs.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>/health/ready is Degraded when a due job has waited longer than this.</summary>
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>This node's name in locked_by; default machine name and process id.</summary>
    public string? NodeName { get; set; }
}
