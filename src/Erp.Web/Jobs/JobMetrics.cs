using System.Diagnostics.Metrics;

namespace Erp.Web.Jobs;

/// <summary>
/// The jobs' instruments (meter Erp.Jobs): started, succeeded, failed and dead attempts per type, run time,
/// and the queue depth and oldest-pending age from the workers' last look at the table.
/// </summary>
public sealed class JobMetrics
{
    public const string MeterName = "Erp.Jobs";

    private readonly Counter<long> _started;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dead;
    private readonly Histogram<double> _duration;
    private long _depth;
    private double _oldestSeconds;

    public JobMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _started = meter.CreateCounter<long>("erp.jobs.started", "{job}", "Job attempts started.");
        _succeeded = meter.CreateCounter<long>("erp.jobs.succeeded", "{job}", "Jobs completed.");
        _failed = meter.CreateCounter<long>("erp.jobs.failed", "{job}", "Job attempts that failed (retried or dead).");
        _dead = meter.CreateCounter<long>("erp.jobs.dead", "{job}", "Jobs that used up their attempts.");
        _duration = meter.CreateHistogram<double>("erp.jobs.duration", "s", "Run time of one job attempt.");
        meter.CreateObservableGauge("erp.jobs.queue_depth", () => Interlocked.Read(ref _depth), "{job}", "Jobs due and waiting for a worker.");
        meter.CreateObservableGauge("erp.jobs.oldest_pending_age", () => Volatile.Read(ref _oldestSeconds), "s",
            "How long the oldest due job has waited.");
    }

    private static KeyValuePair<string, object?> TypeTag(string type) => new("type", type);

    public void Started(string type) => _started.Add(1, TypeTag(type));
    public void Succeeded(string type, TimeSpan took)
    {
        _succeeded.Add(1, TypeTag(type));
        _duration.Record(took.TotalSeconds, TypeTag(type));
    }

    public void Failed(string type, TimeSpan took, bool dead)
    {
        _failed.Add(1, TypeTag(type));
        _duration.Record(took.TotalSeconds, TypeTag(type));
        if (dead)
        {
            _dead.Add(1, TypeTag(type));
        }
    }

    public void Queue(long depth, TimeSpan oldest)
    {
        Interlocked.Exchange(ref _depth, depth);
        Volatile.Write(ref _oldestSeconds, oldest.TotalSeconds);
    }
}
