using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Erp.Data.Audit;
using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Data.Migrations;
using Erp.Data.Orders;
using Erp.Data.Products;
using Erp.Data.Stock;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace Erp.Bench;

/// <summary>
/// The audit triggers' cost (ADR 0012): parallel order confirmations and customer edits through the real
/// stores, on databases of one schema, one with the audit triggers (and its sealer running) and one with
/// the business triggers dropped, measured in one run: each round interleaves the setups slice by slice (200
/// confirmations, 400 edits), so load from other processes falls on all of them alike; the report gives the median
/// and the best round of each. `bash scripts/bench.sh audit`. Settings (environment): ERP_BENCH_AUDIT_ROUNDS (default 6),
/// ERP_BENCH_AUDIT_CONFIRMATIONS (per round, default 3000), ERP_BENCH_AUDIT_EDITS (per round, default 6000), and
/// ERP_BENCH_AUDIT_VARIANT, a .sql file of statements separated by lines "-- next" applied to a third database
/// after its triggers (another trigger body, a dropped index): an idea measured in the same rounds as the others.
/// ERP_BENCH_AUDIT_SERVER_PID, the process id of a database server only this benchmark uses, adds the server's CPU time
/// per operation for each setup: on a shared machine it moves far less than throughput does.
/// </summary>
public static class AuditBench
{
    private const int Workers = 16;
    private static readonly int Confirmations = Setting("ERP_BENCH_AUDIT_CONFIRMATIONS", 3000);
    private static readonly int Edits = Setting("ERP_BENCH_AUDIT_EDITS", 6000);
    private static readonly int Rounds = Setting("ERP_BENCH_AUDIT_ROUNDS", 6);

    /// <summary>Confirmations per slice (edits: twice as many); the setups take turns slice by slice.</summary>
    private const int Slice = 200;

    private const string With = "with triggers", Without = "without";

    private sealed record Setup(string Name, bool Audited, MySqlDataSource Source, Db Db, long[] Customers, long[] Products);

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    public static async Task<int> RunAsync(string repoRoot)
    {
        var owner = Environment.GetEnvironmentVariable("ConnectionStrings__ErpOwner")
                    ?? Environment.GetEnvironmentVariable("ConnectionStrings__Erp")
                    ?? throw new InvalidOperationException("Set ConnectionStrings__ErpOwner (scripts/bench.sh does).");
        var setups = new List<Setup>
        {
            await PrepareAsync(owner, "erp_test_bench_audit_on", With, triggers: true),
            await PrepareAsync(owner, "erp_test_bench_audit_off", Without, triggers: false),
        };
        var variant = Environment.GetEnvironmentVariable("ERP_BENCH_AUDIT_VARIANT");
        if (!string.IsNullOrEmpty(variant))
        {
            setups.Add(await PrepareAsync(owner, "erp_test_bench_audit_variant", $"variant {Path.GetFileNameWithoutExtension(variant)}",
                triggers: true, variantSql: await File.ReadAllTextAsync(variant)));
        }
        var results = new List<(string Case, string Setup, double PerSecond)>();
        for (var round = 0; round < Rounds; round++)
        {
            // Interleaved slices: each setup runs a slice of the work in turn, so a load that comes and goes on a
            // shared machine falls on every setup alike instead of on whichever ran during it.
            var order = setups.Skip(round % setups.Count).Concat(setups.Take(round % setups.Count)).ToList();
            var drafts = new Dictionary<Setup, long[]>();
            foreach (var setup in order)
            {
                drafts[setup] = await DraftsAsync(setup);
            }
            var confirming = order.ToDictionary(x => x, _ => TimeSpan.Zero);
            var editing = order.ToDictionary(x => x, _ => TimeSpan.Zero);
            for (var slice = 0; slice < Confirmations / Slice; slice++)
            {
                foreach (var setup in order)
                {
                    confirming[setup] += await SliceAsync(setup, "order confirmations", () => ConfirmAsync(setup, drafts[setup].AsMemory(slice * Slice, Slice)));
                }
            }
            for (var slice = 0; slice < Edits / (2 * Slice); slice++)
            {
                foreach (var setup in order)
                {
                    editing[setup] += await SliceAsync(setup, "customer edits", () => EditAsync(setup, 2 * Slice, slice));
                }
            }
            foreach (var setup in setups)
            {
                results.Add(("order confirmations", setup.Name, Confirmations / Slice * Slice / confirming[setup].TotalSeconds));
                results.Add(("customer edits", setup.Name, Edits / (2 * Slice) * 2 * Slice / editing[setup].TotalSeconds));
                Console.WriteLine($"  round {round + 1} {setup.Name}: " +
                                  string.Join(", ", results.TakeLast(2).Select(r => $"{r.Case} {r.PerSecond:F0}/s")));
            }
        }
        var on = setups[0];
        var verify = await new AuditChain(on.Source).VerifyAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        var auditRows = await ScalarAsync(on.Source, "SELECT COUNT(*) FROM audit_log");
        var report = Report(repoRoot, setups, results, verify, auditRows);
        Console.WriteLine(report);
        if (string.IsNullOrEmpty(variant))
        {
            await WriteReportAsync(Path.Combine(repoRoot, "docs/benchmarks.md"), report);
            Console.WriteLine("Wrote docs/benchmarks.md (audit section)");
        }
        else
        {
            Console.WriteLine("A variant run: docs/benchmarks.md left as it is.");
        }
        foreach (var name in new[] { "erp_test_bench_audit_on", "erp_test_bench_audit_off", "erp_test_bench_audit_variant" })
        {
            await using var c = new MySqlConnection(new MySqlConnectionStringBuilder(owner) { Database = "" }.ConnectionString);
            await c.ExecuteAsync($"DROP DATABASE IF EXISTS `{name}`");
        }
        return 0;
    }

    private static async Task<Setup> PrepareAsync(string owner, string database, string name, bool triggers, string? variantSql = null)
    {
        await using (var server = new MySqlConnection(new MySqlConnectionStringBuilder(owner) { Database = "" }.ConnectionString))
        {
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS `{database}`; CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        var connectionString = new MySqlConnectionStringBuilder(owner) { Database = database, MaximumPoolSize = 64 }.ConnectionString;
        var source = new MySqlDataSource(connectionString);
        await new Migrator(source, NullLogger<Migrator>.Instance).MigrateAsync();
        if (!triggers)
        {
            await using var ddl = AuditInstaller.OpenDdlConnection(connectionString);
            await ddl.OpenAsync();
            await AuditInstaller.SuspendBusinessTriggersAsync(ddl, CancellationToken.None);
        }
        if (variantSql is not null)
        {
            await using var ddl = AuditInstaller.OpenDdlConnection(connectionString);
            await ddl.OpenAsync();
            foreach (var statement in variantSql.Split("\n-- next", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                await ddl.ExecuteAsync(statement);
            }
        }
        var db = new Db(source);
        var customers = new long[Workers * 4];
        for (var i = 0; i < customers.Length; i++)
        {
            customers[i] = (await new CustomerStore(db).CreateAsync(new CustomerInput($"B{i:D5}", $"Bench customer {i}", null, null, null, 100_000_000m), default)).Row!.Id;
        }
        var products = new long[20];
        for (var i = 0; i < products.Length; i++)
        {
            products[i] = (await new ProductStore(db, new StockStore(db)).CreateAsync(new ProductInput($"BENCH-{i:D3}", $"Bench product {i}", 10m, 0), 1_000_000, default)).Row!.Id;
        }
        return new Setup(name, triggers, source, db, customers, products);
    }

    /// <summary>The round's drafts with one line each (not measured).</summary>
    private static async Task<long[]> DraftsAsync(Setup s)
    {
        var orders = new OrderStore(s.Db);
        var drafts = new long[Confirmations];
        await Parallel.ForAsync(0, Confirmations, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (i, ct) =>
        {
            var id = (await orders.CreateDraftAsync(s.Customers[i % s.Customers.Length], ct))!.Value;
            await orders.AddLineAsync(id, 1, s.Products[i % s.Products.Length], 1 + i % 5, null, ct);
            drafts[i] = id;
        });
        return drafts;
    }

    /// <summary>
    /// One slice of work, timed. With the audit trail the sealer runs alongside (every 250 ms, so it overlaps the writers
    /// as it does in production) and what is left unsealed at the end is sealed inside the timed span: the chain's work
    /// is counted to the setup that caused it.
    /// </summary>
    private static async Task<TimeSpan> SliceAsync(Setup setup, string name, Func<Task> work)
    {
        var cpu = ServerCpu();
        try
        {
            return await TimedSliceAsync(setup, work);
        }
        finally
        {
            ServerCpuBySetup[(name, setup.Name)] = ServerCpuBySetup.GetValueOrDefault((name, setup.Name)) + (ServerCpu() - cpu);
        }
    }

    /// <summary>
    /// With ERP_BENCH_AUDIT_SERVER_PID (a database server that only this benchmark uses), the server's CPU time per
    /// setup: a figure that load from other processes on a shared machine changes little, unlike throughput.
    /// </summary>
    private static readonly int? ServerPid = int.TryParse(Environment.GetEnvironmentVariable("ERP_BENCH_AUDIT_SERVER_PID"), out var pid) ? pid : null;

    private static readonly Dictionary<(string Case, string Setup), double> ServerCpuBySetup = [];

    /// <summary>The server's user + system CPU seconds so far (/proc/PID/stat fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static double ServerCpu()
    {
        if (ServerPid is null)
        {
            return 0;
        }
        var stat = File.ReadAllText($"/proc/{ServerPid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static async Task<TimeSpan> TimedSliceAsync(Setup setup, Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        if (!setup.Audited)
        {
            await work();
            return clock.Elapsed;
        }
        using var stop = new CancellationTokenSource();
        var sealer = SealLoopAsync(setup, stop.Token);
        await work();
        await stop.CancelAsync();
        await sealer;
        await new AuditChain(setup.Source).SealAsync(CancellationToken.None);
        return clock.Elapsed;
    }

    private static async Task ConfirmAsync(Setup s, Memory<long> drafts)
    {
        var workflow = new OrderWorkflow(s.Db, new StockStore(s.Db));
        var failed = 0;
        await Parallel.ForAsync(0, drafts.Length, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (i, ct) =>
        {
            if (!(await workflow.ConfirmAsync(drafts.Span[i], 2, ct)).Succeeded)
            {
                Interlocked.Increment(ref failed);
            }
        });
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} confirmations failed.");
        }
    }

    /// <summary>Each worker edits its own customers (no version conflicts), renaming them each time.</summary>
    private static async Task EditAsync(Setup s, int edits, int slice)
    {
        var store = new CustomerStore(s.Db);
        await Parallel.ForAsync(0, Workers, async (w, ct) =>
        {
            var mine = s.Customers.Where((_, i) => i % Workers == w).ToArray();
            for (var n = 0; n < edits / Workers; n++)
            {
                var id = mine[n % mine.Length];
                var current = (await store.GetAsync(id, ct))!;
                var saved = await store.UpdateAsync(id, current.Version,
                    new CustomerInput(current.Code, $"Bench customer {id} edit {slice}.{n}", null, null, null, current.CreditLimit), ct);
                if (saved.Row is null)
                {
                    throw new InvalidOperationException($"Edit of customer {id} failed: {saved.Status}.");
                }
            }
        });
    }

    private static async Task SealLoopAsync(Setup s, CancellationToken stop)
    {
        var chain = new AuditChain(s.Source);
        while (!stop.IsCancellationRequested)
        {
            await chain.SealAsync(CancellationToken.None);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<long> ScalarAsync(MySqlDataSource source, string sql)
    {
        await using var c = await source.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    private const string Begin = "<!-- audit:begin -->";
    private const string End = "<!-- audit:end -->";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Report(string repoRoot, List<Setup> setups, List<(string Case, string Setup, double PerSecond)> results,
        AuditVerification verify, long auditRows)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine(c, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, commit `{Git(repoRoot)}`, with");
        text.AppendLine(c, $"`bash scripts/bench.sh audit`: {Workers} parallel writers through the stores, {Confirmations:N0} order confirmations and");
        text.AppendLine(c, $"{Edits:N0} customer edits per round, {Rounds} rounds, each interleaving the databases slice by slice ({Slice} confirmations, {2 * Slice} edits);");
        text.AppendLine("the databases have one schema, one with the audit triggers (its sealer running alongside, and what is left unsealed at the end");
        text.AppendLine("of a slice sealed within the slice's time), one with the business tables' triggers dropped. Median of the rounds, best round in brackets;");
        text.AppendLine("\"slower by\" compares medians (best rounds in brackets).");
        text.AppendLine();
        var others = setups.Where(s => s.Name != Without).ToList();
        text.AppendLine("| case | " + string.Join(" | ", others.Select(s => $"{s.Name} (ops/s)")) + " | without (ops/s) | " +
                        string.Join(" | ", others.Select(s => others.Count == 1 ? "slower by" : $"{s.Name}: slower by")) + " |");
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", 2 * others.Count + 1)));
        var rounds = new StringBuilder();
        foreach (var name in results.Select(r => r.Case).Distinct())
        {
            IEnumerable<double> Of(string setup) => results.Where(r => r.Case == name && r.Setup == setup).Select(r => r.PerSecond);
            var without = Of(Without).ToList();
            var cells = others.Select(s => Of(s.Name).ToList()).ToList();
            text.AppendLine(string.Create(c, $"| {name} | ") + string.Join(" | ", cells.Select(v => string.Create(c, $"{Median(v):N0} ({v.Max():N0})")))
                            + string.Create(c, $" | {Median(without):N0} ({without.Max():N0}) | ")
                            + string.Join(" | ", cells.Select(v => string.Create(c,
                                $"{100 * (1 - Median(v) / Median(without)):F1}% ({100 * (1 - v.Max() / without.Max()):F1}%)"))) + " |");
            foreach (var setup in setups)
            {
                rounds.AppendLine(string.Create(c, $"- {name}, {setup.Name}, every round (ops/s): {string.Join(", ", Of(setup.Name).Select(v => v.ToString("N0", c)))}"));
            }
        }
        text.AppendLine();
        text.Append(rounds);
        if (ServerPid is not null)
        {
            foreach (var name in results.Select(r => r.Case).Distinct())
            {
                var perOp = 1e6 / Rounds / (name == "customer edits" ? Edits / (2 * Slice) * 2 * Slice : Confirmations / Slice * Slice);
                text.AppendLine(string.Create(c, $"- {name}, database server CPU per operation (µs, all rounds): ") + string.Join(", ",
                    setups.Select(s => string.Create(c, $"{s.Name} {perOp * ServerCpuBySetup.GetValueOrDefault((name, s.Name)):F0}"))));
            }
        }
        text.AppendLine(c, $"- Afterwards: {auditRows:N0} audit rows, {verify.Sealed:N0} sealed, chain {(verify.Intact ? "intact" : "BROKEN: " + verify.FirstBad)}. Target: at most 20% slower.");
        text.AppendLine(End);
        return text.ToString();
    }

    private static async Task WriteReportAsync(string path, string report)
    {
        var doc = await File.ReadAllTextAsync(path);
        var start = doc.IndexOf(Begin, StringComparison.Ordinal);
        var end = doc.IndexOf(End, StringComparison.Ordinal);
        doc = start >= 0 && end > start
            ? doc[..start] + report.TrimEnd('\n') + doc[(end + End.Length)..]
            : doc.TrimEnd() + "\n\n## Audit trail: triggers on and off\n\n" + report;
        await File.WriteAllTextAsync(path, doc);
    }

    private static string Git(string repoRoot)
    {
        using var git = Process.Start(new ProcessStartInfo("git", $"-C \"{repoRoot}\" rev-parse --short HEAD") { RedirectStandardOutput = true })!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output;
    }
}
