using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Erp.Web.Diagnostics;

/// <summary>
/// Counts the statements the app sends to the database. MySqlConnector has no command interception,
/// but it starts an activity on its ActivitySource "MySqlConnector" for every command it executes
/// ("Execute") and for commit and rollback; this listener counts those, as the counter
/// erp.db.commands of the meter "Erp", and per request for the X-Db-Commands header.
/// </summary>
public sealed class DbCommandCounter : IDisposable
{
    public const string SourceName = "MySqlConnector";
    // Per instance, not static: two app hosts in one process (tests) each see every command, but
    // only their own requests' flows carry their own counter.
    private readonly AsyncLocal<RequestCount?> _current = new();
    private readonly ActivityListener _listener;
    private readonly Counter<long> _commands;
    private long _total;

    public DbCommandCounter(IMeterFactory meters)
    {
        _commands = meters.Create(Caching.CacheMetrics.MeterName)
            .CreateCounter<long>("erp.db.commands", description: "Statements sent to the database");
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SourceName,
            // Propagation only: the activity exists (so it is reported) without collecting its tags.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = OnStarted,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Commands since this counter started (all requests and background work of the process).</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Counts this async flow's commands (a request) until the returned scope is read.</summary>
    public RequestCount BeginRequest() => _current.Value = new RequestCount();

    private void OnStarted(Activity activity)
    {
        if (activity.OperationName is "Execute" or "Commit" or "Rollback")
        {
            Interlocked.Increment(ref _total);
            _commands.Add(1);
            _current.Value?.Increment();
        }
    }

    public void Dispose() => _listener.Dispose();

    public sealed class RequestCount
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        internal void Increment() => Interlocked.Increment(ref _count);
    }
}
