using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Dapper;
using Erp.Data.Infrastructure;
using Erp.Data.Jobs;
using Erp.Data.Migrations;
using Erp.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace Erp.Bench;

/// <summary>
/// The jobs benchmark (docs/benchmarks.md, "Jobs"; `bash scripts/bench.sh jobs`), on a throw-away database:
/// what the enqueue adds to a business transaction, how fast 1 and 2 worker hosts × 4 slots drain no-op jobs
/// (with innodb_flush_log_at_trx_commit=1 and with the scripts' setting), and a kill drill: two worker
/// processes, one SIGKILLed mid-drain, counting lost jobs and doubled database effects.
/// </summary>
public static class JobsBench
{
    private const string NoopType = "bench-noop";
    private const string EffectType = "bench-effect";
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private sealed class NoopJob : IJobHandler
    {
        public string Type => NoopType;
        public Task RunAsync(JobRun run, CancellationToken ct) => Task.CompletedTask;
    }

    /// <summary>One row in bench_effects per run that committed: counting them counts the effect.</summary>
    private sealed class EffectJob : IJobHandler
    {
        public string Type => EffectType;

        public async Task RunAsync(JobRun run, CancellationToken ct)
        {
            await Task.Delay(2, ct);
            await run.CompleteWithAsync(uow => uow.ExecuteAsync("INSERT INTO bench_effects (job_id, pid) VALUES (@Id, @pid)",
                new { run.Id, pid = Environment.ProcessId }, ct), ct);
        }
    }

    public static async Task<int> RunAsync(string repoRoot)
    {
        // Its own scratch database: created, migrated and used by the owner account (ADR 0012) when there is one.
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__ErpOwner")
                     ?? Environment.GetEnvironmentVariable("ConnectionStrings__Erp")
                     ?? throw new InvalidOperationException("Set ConnectionStrings__Erp (scripts/bench.sh does).");
        var name = $"erp_test_jobsbench{Guid.NewGuid():N}"[..26];
        var connectionString = new MySqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var rootString = new MySqlConnectionStringBuilder(server) { Database = "", UserID = "root", Password = "" }.ConnectionString;
        await using (var admin = new MySqlConnection(new MySqlConnectionStringBuilder(server) { Database = "" }.ConnectionString))
        {
            await admin.ExecuteAsync($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        try
        {
            await using var dataSource = new MySqlDataSource(connectionString);
            await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync();
            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                await connection.ExecuteAsync("CREATE TABLE bench_effects (job_id BIGINT NOT NULL, pid INT NOT NULL, KEY (job_id))");
            }

            var original = await FlushSettingAsync(connectionString);
            Console.WriteLine($"innodb_flush_log_at_trx_commit is {original} (the scripts' setting)");
            var settings = new[] { 1, original }.Distinct().ToList();
            try
            {
                await SetFlushAsync(rootString, original); // the durable run needs the server's root account (no password, as scripts/services.sh makes it)
            }
            catch (MySqlException e)
            {
                Console.WriteLine($"Cannot change innodb_flush_log_at_trx_commit ({e.Message}): measuring with {original} only");
                settings = [original];
            }
            var enqueue = await EnqueueCostAsync(dataSource);
            var drainJobs = int.Parse(Environment.GetEnvironmentVariable("ERP_BENCH_JOBS") ?? "2000", C);
            var drains = new List<(int Setting, int Hosts, int Jobs, double Seconds)>();
            foreach (var setting in settings)
            {
                await SetFlushAsync(rootString, setting);
                try
                {
                    foreach (var hosts in new[] { 1, 2 })
                    {
                        drains.Add((setting, hosts, drainJobs, await DrainAsync(connectionString, hosts, drainJobs)));
                    }
                }
                finally
                {
                    await SetFlushAsync(rootString, original);
                }
            }
            var drill = await KillDrillAsync(connectionString, 2_000);
            await WriteReportAsync(Path.Combine(repoRoot, "docs/benchmarks.md"), repoRoot, original, enqueue, drains, drill);
            Console.WriteLine("Wrote docs/benchmarks.md (jobs section)");
            return drill.Lost == 0 && drill.Doubled == 0 ? 0 : 1;
        }
        finally
        {
            MySqlConnection.ClearAllPools();
            await using var admin = new MySqlConnection(new MySqlConnectionStringBuilder(server) { Database = "" }.ConnectionString);
            await admin.ExecuteAsync($"DROP DATABASE IF EXISTS `{name}`");
        }
    }

    /// <summary>A child process: one worker host (4 slots) on the database, until killed.</summary>
    public static async Task<int> WorkerProcessAsync(string connectionString)
    {
        await using var host = StartHost(connectionString, new EffectJob(), TimeSpan.FromSeconds(2));
        Console.WriteLine("ready");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static async Task<int> FlushSettingAsync(string root)
    {
        await using var connection = new MySqlConnection(root);
        return await connection.ExecuteScalarAsync<int>("SELECT @@GLOBAL.innodb_flush_log_at_trx_commit");
    }

    private static async Task SetFlushAsync(string root, int value)
    {
        await using var connection = new MySqlConnection(root);
        await connection.ExecuteAsync($"SET GLOBAL innodb_flush_log_at_trx_commit = {value}");
    }

    /// <summary>
    /// A business transaction (an invoice-sized INSERT) with and without the enqueue, interleaved, plus the
    /// enqueue statement alone timed inside the transaction.
    /// </summary>
    private static async Task<(Stats Without, Stats With, Stats Statement)> EnqueueCostAsync(MySqlDataSource dataSource)
    {
        var db = new Db(dataSource);
        var without = new List<double>();
        var with = new List<double>();
        var statement = new List<double>();
        var i = 0;
        async Task Business(UnitOfWork uow)
        {
            var code = "B" + Interlocked.Increment(ref i).ToString("D9", C);
            await uow.ExecuteAsync("""
                INSERT INTO customers (code, name, credit_limit, created_at, updated_at, version)
                VALUES (@code, 'Bench customer', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1)
                """, new { code }, CancellationToken.None);
        }
        for (var n = 0; n < 1_200; n++)
        {
            var a = Stopwatch.StartNew();
            await db.WriteAsync(Business, CancellationToken.None);
            var b = Stopwatch.StartNew();
            await db.WriteAsync(async uow =>
            {
                await Business(uow);
                var s = Stopwatch.StartNew();
                await uow.EnqueueAsync(new JobRequest(NoopType, """{"invoiceId":1}""", $"bench-{n}"), CancellationToken.None);
                if (n >= 200)
                {
                    statement.Add(s.Elapsed.TotalMilliseconds);
                }
            }, CancellationToken.None);
            if (n >= 200) // warm-up
            {
                without.Add(a.Elapsed.TotalMilliseconds - b.Elapsed.TotalMilliseconds);
                with.Add(b.Elapsed.TotalMilliseconds);
            }
        }
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("DELETE FROM jobs");
        var result = (Stats.Of("without", without), Stats.Of("with", with), Stats.Of("statement", statement));
        Console.WriteLine(string.Create(C, $"Business transaction: {result.Item1.MedianMs:F3} ms without the enqueue, {result.Item2.MedianMs:F3} ms with it; enqueue statement {result.Item3.MedianMs:F3} ms (medians)"));
        return result;
    }

    private sealed class Host(ServiceProvider services, JobWorker worker) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await worker.StopAsync(CancellationToken.None);
            worker.Dispose();
            await services.DisposeAsync();
        }
    }

    private static Host StartHost(string connectionString, IJobHandler handler, TimeSpan lease)
    {
        var services = new ServiceCollection().AddMetrics().AddSingleton(handler).BuildServiceProvider();
        var db = new Db(new MySqlDataSource(connectionString));
        var options = Options.Create(new JobsOptions
        {
            Slots = 4, PollInterval = TimeSpan.FromMilliseconds(100), Lease = lease, Backoff = TimeSpan.FromSeconds(1),
        });
        var worker = new JobWorker(new JobStore(db, TimeProvider.System), new JobSignal(), services.GetRequiredService<IServiceScopeFactory>(),
            new JobMetrics(services.GetRequiredService<IMeterFactory>()), TimeProvider.System, options, NullLogger<JobWorker>.Instance);
        worker.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new Host(services, worker);
    }

    private static async Task InsertJobsAsync(string connectionString, string type, int count)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        for (var done = 0; done < count; done += 1_000)
        {
            var rows = string.Join(",", Enumerable.Range(0, Math.Min(1_000, count - done))
                .Select(_ => $"('{type}', '{{}}', 'pending', 0, 5, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))"));
            await connection.ExecuteAsync($"INSERT INTO jobs (type, payload, status, attempts, max_attempts, run_at, created_at) VALUES {rows}");
        }
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static async Task<double> DrainAsync(string connectionString, int hosts, int count)
    {
        await using (var connection = new MySqlConnection(connectionString))
        {
            await connection.ExecuteAsync("DELETE FROM jobs");
        }
        await InsertJobsAsync(connectionString, NoopType, count);
        var watch = Stopwatch.StartNew();
        var started = Enumerable.Range(0, hosts).Select(_ => StartHost(connectionString, new NoopJob(), TimeSpan.FromMinutes(1))).ToList();
        while (await CountAsync(connectionString, "SELECT COUNT(*) FROM jobs WHERE status = 'succeeded'") < count)
        {
            await Task.Delay(20);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        foreach (var host in started)
        {
            await host.DisposeAsync();
        }
        Console.WriteLine(string.Create(C, $"Drain: {hosts} host(s) × 4 slots, {count:N0} no-op jobs in {seconds:F2} s = {count / seconds:N0} jobs/s"));
        return seconds;
    }

    private sealed record Drill(int Jobs, long SucceededBeforeKill, long VictimEffects, long HeldAtKill, double Seconds, long Lost, long Doubled,
        long Effects, long Reclaimed);

    private static async Task<Drill> KillDrillAsync(string connectionString, int count)
    {
        await using (var connection = new MySqlConnection(connectionString))
        {
            await connection.ExecuteAsync("DELETE FROM jobs; DELETE FROM bench_effects;");
        }
        await InsertJobsAsync(connectionString, EffectType, count);
        var self = Environment.ProcessPath!;
        var dll = typeof(JobsBench).Assembly.Location;
        Process Spawn()
        {
            var info = new ProcessStartInfo(self, $"\"{dll}\" . jobs-worker") { RedirectStandardOutput = true, UseShellExecute = false };
            info.Environment["ERP_BENCH_CONNECTION"] = connectionString;
            return Process.Start(info)!;
        }
        var watch = Stopwatch.StartNew();
        var victim = Spawn();
        var survivor = Spawn();
        // Both processes must be draining: the victim is killed once it has committed 100 effects itself.
        long before;
        while ((await CountAsync(connectionString, $"SELECT COUNT(*) FROM bench_effects WHERE pid = {victim.Id}")) < 100
               || await CountAsync(connectionString, $"SELECT COUNT(*) FROM bench_effects WHERE pid = {survivor.Id}") < 100)
        {
            await Task.Delay(5);
        }
        var held = await CountAsync(connectionString, $"SELECT COUNT(*) FROM jobs WHERE status = 'running' AND locked_by LIKE '%:{victim.Id}:%'");
        victim.Kill(); // SIGKILL: no shutdown, its claimed jobs keep their leases until they expire
        await victim.WaitForExitAsync();
        before = await CountAsync(connectionString, "SELECT COUNT(*) FROM jobs WHERE status = 'succeeded'");
        var victimEffects = await CountAsync(connectionString, $"SELECT COUNT(*) FROM bench_effects WHERE pid = {victim.Id}");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await CountAsync(connectionString, "SELECT COUNT(*) FROM jobs WHERE status = 'succeeded'") < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        survivor.Kill();
        await survivor.WaitForExitAsync();
        var lost = count - await CountAsync(connectionString, "SELECT COUNT(*) FROM jobs WHERE status = 'succeeded'");
        var effects = await CountAsync(connectionString, "SELECT COUNT(*) FROM bench_effects");
        var distinct = await CountAsync(connectionString, "SELECT COUNT(DISTINCT job_id) FROM bench_effects");
        var reclaimed = await CountAsync(connectionString, "SELECT COUNT(*) FROM jobs WHERE attempts > 1");
        var drill = new Drill(count, before, victimEffects, held, seconds, lost, effects - distinct, effects, reclaimed);
        Console.WriteLine($"Kill drill: {drill}");
        return drill;
    }

    private static async Task WriteReportAsync(string path, string repoRoot, int scriptsFlush,
        (Stats Without, Stats With, Stats Statement) enqueue, List<(int Setting, int Hosts, int Jobs, double Seconds)> drains, Drill drill)
    {
        const string Begin = "<!-- jobs:begin -->";
        const string End = "<!-- jobs:end -->";
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine(C, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, commit `{Git(repoRoot)}`, with");
        text.AppendLine("`bash scripts/bench.sh jobs` on a throw-away database of the scripts' MariaDB 10.11 (other work shared the");
        text.AppendLine("machine). Workers are the app's `JobWorker` (4 slots, 100 ms poll), each host with its own connection pool.");
        text.AppendLine();
        text.AppendLine("| enqueue cost (1,000 runs after 200 warm-up, medians) | ms |");
        text.AppendLine("|---|---|");
        text.AppendLine(C, $"| business transaction (INSERT + commit) without the enqueue | {enqueue.Without.MedianMs:F3} |");
        text.AppendLine(C, $"| the same with `uow.EnqueueAsync` | {enqueue.With.MedianMs:F3} |");
        text.AppendLine(C, $"| **added by the enqueue** | **{enqueue.With.MedianMs - enqueue.Without.MedianMs:F3}** (target < 2) |");
        text.AppendLine(C, $"| the enqueue's statements alone, inside the transaction (INSERT + LAST_INSERT_ID) | {enqueue.Statement.MedianMs:F3} |");
        text.AppendLine();
        text.AppendLine("| drain of no-op jobs | innodb_flush_log_at_trx_commit | jobs | seconds | jobs/s |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var (setting, hosts, jobs, seconds) in drains)
        {
            var label = setting == 1 ? "1 (durable)" : $"{setting} (scripts' setting)";
            text.AppendLine(C, $"| {hosts} host(s) × 4 slots | {label} | {jobs:N0} | {seconds:F2} | **{jobs / seconds:N0}** |");
        }
        text.AppendLine();
        text.AppendLine(C, $"Kill drill: {drill.Jobs:N0} jobs whose effect is one row committed with the job's completion, two worker");
        text.AppendLine(C, $"processes (`Erp.Bench jobs-worker`, 4 slots, lease 2 s); one SIGKILLed mid-drain, when it had committed {drill.VictimEffects:N0} effects");
        text.AppendLine(C, $"itself ({drill.SucceededBeforeKill:N0} jobs done in all) and held {drill.HeldAtKill} running job(s). All done after {drill.Seconds:F1} s:");
        text.AppendLine(C, $"**lost {drill.Lost}**, **effects doubled {drill.Doubled}** ({drill.Effects:N0} effect rows for {drill.Jobs:N0} jobs); {drill.Reclaimed} job(s) ran");
        text.AppendLine("more than once (claims of the killed process, reclaimed after their lease): only one run of each committed its effect.");
        text.AppendLine(End);

        var current = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n";
        var start = current.IndexOf(Begin, StringComparison.Ordinal);
        var end = current.IndexOf(End, StringComparison.Ordinal);
        current = start >= 0 && end > start
            ? current[..start] + text.ToString().TrimEnd('\n') + current[(end + End.Length)..]
            : current.TrimEnd('\n') + "\n\n## Jobs: enqueue cost, drain rate, kill drill\n\n" + text;
        await File.WriteAllTextAsync(path, current);
    }

    private static string Git(string repoRoot)
    {
        using var git = Process.Start(new ProcessStartInfo("git", $"-C \"{repoRoot}\" rev-parse --short HEAD") { RedirectStandardOutput = true })!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output;
    }
}
