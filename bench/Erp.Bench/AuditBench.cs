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
/// stores, on two databases of one schema, one with the audit triggers (and its sealer running) and one with
/// the business triggers dropped, measured in alternating rounds in one run. `bash scripts/bench.sh audit`.
/// </summary>
public static class AuditBench
{
    private const int Workers = 16;
    private const int Confirmations = 800;
    private const int Edits = 1600;
    private const int Rounds = 4;

    private sealed record Setup(MySqlDataSource Source, Db Db, long[] Customers, long[] Products);

    public static async Task<int> RunAsync(string repoRoot)
    {
        var owner = Environment.GetEnvironmentVariable("ConnectionStrings__ErpOwner")
                    ?? Environment.GetEnvironmentVariable("ConnectionStrings__Erp")
                    ?? throw new InvalidOperationException("Set ConnectionStrings__ErpOwner (scripts/bench.sh does).");
        var on = await PrepareAsync(owner, "erp_test_bench_audit_on", triggers: true);
        var off = await PrepareAsync(owner, "erp_test_bench_audit_off", triggers: false);
        var results = new List<(string Case, bool Audited, double PerSecond)>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (setup, audited) in round % 2 == 0 ? new[] { (on, true), (off, false) } : [(off, false), (on, true)])
            {
                using var stop = new CancellationTokenSource();
                var sealer = audited ? SealLoopAsync(setup, stop.Token) : Task.CompletedTask;
                results.Add(("order confirmations", audited, await ConfirmationsAsync(setup)));
                results.Add(("customer edits", audited, await EditsAsync(setup)));
                await stop.CancelAsync();
                await sealer;
                Console.WriteLine($"  round {round + 1} {(audited ? "with" : "without")} triggers: " +
                                  string.Join(", ", results.TakeLast(2).Select(r => $"{r.Case} {r.PerSecond:F0}/s")));
            }
        }
        var verify = await new AuditChain(on.Source).VerifyAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        var auditRows = await ScalarAsync(on.Source, "SELECT COUNT(*) FROM audit_log");
        await WriteReportAsync(Path.Combine(repoRoot, "docs/benchmarks.md"), repoRoot, results, verify, auditRows);
        foreach (var name in new[] { "erp_test_bench_audit_on", "erp_test_bench_audit_off" })
        {
            await using var c = new MySqlConnection(new MySqlConnectionStringBuilder(owner) { Database = "" }.ConnectionString);
            await c.ExecuteAsync($"DROP DATABASE IF EXISTS `{name}`");
        }
        Console.WriteLine("Wrote docs/benchmarks.md (audit section)");
        return 0;
    }

    private static async Task<Setup> PrepareAsync(string owner, string database, bool triggers)
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
        return new Setup(source, db, customers, products);
    }

    /// <summary>Drafts with one line are made first (not measured); then the workers confirm them all.</summary>
    private static async Task<double> ConfirmationsAsync(Setup s)
    {
        var orders = new OrderStore(s.Db);
        var drafts = new long[Confirmations];
        await Parallel.ForAsync(0, Confirmations, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (i, ct) =>
        {
            var id = (await orders.CreateDraftAsync(s.Customers[i % s.Customers.Length], ct))!.Value;
            await orders.AddLineAsync(id, 1, s.Products[i % s.Products.Length], 1 + i % 5, null, ct);
            drafts[i] = id;
        });
        var workflow = new OrderWorkflow(s.Db, new StockStore(s.Db));
        var clock = Stopwatch.StartNew();
        var failed = 0;
        await Parallel.ForAsync(0, Confirmations, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (i, ct) =>
        {
            if (!(await workflow.ConfirmAsync(drafts[i], 2, ct)).Succeeded)
            {
                Interlocked.Increment(ref failed);
            }
        });
        var elapsed = clock.Elapsed.TotalSeconds;
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} confirmations failed.");
        }
        return Confirmations / elapsed;
    }

    /// <summary>Each worker edits its own customers (no version conflicts), renaming them each time.</summary>
    private static async Task<double> EditsAsync(Setup s)
    {
        var store = new CustomerStore(s.Db);
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, Workers, async (w, ct) =>
        {
            var mine = s.Customers.Where((_, i) => i % Workers == w).ToArray();
            for (var n = 0; n < Edits / Workers; n++)
            {
                var id = mine[n % mine.Length];
                var current = (await store.GetAsync(id, ct))!;
                var saved = await store.UpdateAsync(id, current.Version,
                    new CustomerInput(current.Code, $"Bench customer {id} edit {n}", null, null, null, current.CreditLimit), ct);
                if (saved.Row is null)
                {
                    throw new InvalidOperationException($"Edit of customer {id} failed: {saved.Status}.");
                }
            }
        });
        return Edits / clock.Elapsed.TotalSeconds;
    }

    private static async Task SealLoopAsync(Setup s, CancellationToken stop)
    {
        var chain = new AuditChain(s.Source);
        while (!stop.IsCancellationRequested)
        {
            await chain.SealAsync(CancellationToken.None);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stop);
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

    private static async Task WriteReportAsync(string path, string repoRoot, List<(string Case, bool Audited, double PerSecond)> results,
        AuditVerification verify, long auditRows)
    {
        const string Begin = "<!-- audit:begin -->";
        const string End = "<!-- audit:end -->";
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine(c, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, commit `{Git(repoRoot)}`, with");
        text.AppendLine(c, $"`bash scripts/bench.sh audit`: {Workers} parallel writers through the stores, {Confirmations} order confirmations and");
        text.AppendLine(c, $"{Edits} customer edits per round, {Rounds} alternating rounds on two databases of the same schema, one with the audit");
        text.AppendLine("triggers (and its sealer sealing every 2 s), one with the business tables' triggers dropped. Best round per case.");
        text.AppendLine();
        text.AppendLine("| case | with triggers (ops/s) | without (ops/s) | slower by |");
        text.AppendLine("|---|---|---|---|");
        var rounds = new StringBuilder();
        foreach (var name in results.Select(r => r.Case).Distinct())
        {
            var with = results.Where(r => r.Case == name && r.Audited).Max(r => r.PerSecond);
            var without = results.Where(r => r.Case == name && !r.Audited).Max(r => r.PerSecond);
            text.AppendLine(string.Create(c, $"| {name} | {with:N0} | {without:N0} | {100 * (1 - with / without):F1}% |"));
            rounds.AppendLine(string.Create(c, $"- {name}, every round (ops/s): with {string.Join(", ", results.Where(r => r.Case == name && r.Audited).Select(r => r.PerSecond.ToString("N0", c)))}; " +
                                               $"without {string.Join(", ", results.Where(r => r.Case == name && !r.Audited).Select(r => r.PerSecond.ToString("N0", c)))}"));
        }
        text.AppendLine();
        text.Append(rounds);
        text.AppendLine(c, $"- Afterwards: {auditRows:N0} audit rows, {verify.Sealed:N0} sealed, chain {(verify.Intact ? "intact" : "BROKEN: " + verify.FirstBad)}. Target: at most 20% slower.");
        text.AppendLine(End);

        var doc = await File.ReadAllTextAsync(path);
        var start = doc.IndexOf(Begin, StringComparison.Ordinal);
        var end = doc.IndexOf(End, StringComparison.Ordinal);
        doc = start >= 0 && end > start
            ? doc[..start] + text.ToString().TrimEnd('\n') + doc[(end + End.Length)..]
            : doc.TrimEnd() + "\n\n## Audit trail: triggers on and off\n\n" + text;
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
