using System.Globalization;

namespace Erp.Bench;

/// <summary>
/// What the HTTP load benchmarks (cache, edge) read from the environment: the database, the run lengths
/// (ERP_BENCH_SECONDS, default 15; ERP_BENCH_WARMUP_SECONDS, 5), the closed-loop connections
/// (ERP_BENCH_CONNECTIONS, 64), the employee's password and where the built app is.
/// </summary>
public sealed record HttpLoadSettings(string ConnectionString, TimeSpan Seconds, TimeSpan WarmUp, int Connections, string Password, string WebBin)
{
    public const string SigningKey = "benchmark-signing-key-0123456789abcdef";

    public static HttpLoadSettings FromEnvironment(string repoRoot) => new(
        Environment.GetEnvironmentVariable("ConnectionStrings__Erp")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Erp (scripts/bench.sh does)."),
        Duration("ERP_BENCH_SECONDS", 15),
        Duration("ERP_BENCH_WARMUP_SECONDS", 5),
        int.Parse(Environment.GetEnvironmentVariable("ERP_BENCH_CONNECTIONS") ?? "64", CultureInfo.InvariantCulture),
        Environment.GetEnvironmentVariable("Seed__EmployeePassword") ?? "Employee-demo-2026",
        Path.Combine(repoRoot, "src/Erp.Web/bin/Release/net10.0"));

    public static TimeSpan Duration(string variable, double seconds) =>
        TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable(variable) ?? seconds.ToString(CultureInfo.InvariantCulture),
            CultureInfo.InvariantCulture));
}
