using Erp.Data.Infrastructure;
using Erp.Data.Migrations;
using Erp.Data.Seeding;

namespace Erp.Web.Hosting;

/// <summary>The executable's verbs: serve (default), migrate, seed [--orders N], add-user --email E --name N --role R.</summary>
public sealed record CommandLine(string Verb, int Orders, string[] HostArgs, string? Error)
{
    public const string Usage = "Usage: Erp.Web [migrate | seed [--orders N] | add-user --email E --name N --role admin|employee | verify-audit] " +
                                "[host options such as --urls]";

    /// <summary>add-user: the new user's e-mail, name and role (the password never comes from the command line).</summary>
    public AddUserCommand.Options? NewUser { get; init; }

    public static CommandLine Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return new CommandLine("serve", 0, args, null);
        }

        var verb = args[0];
        var rest = args[1..];
        switch (verb)
        {
            case "migrate":
            case "verify-audit":
                return new CommandLine(verb, 0, rest, null);
            case "seed":
                var orders = DemoSeeder.DefaultOrders;
                var hostArgs = new List<string>();
                for (var i = 0; i < rest.Length; i++)
                {
                    if (rest[i] != "--orders")
                    {
                        hostArgs.Add(rest[i]);
                        continue;
                    }
                    if (i + 1 >= rest.Length || !int.TryParse(rest[i + 1], out orders) || orders < 0 || orders > 10_000_000)
                    {
                        return new CommandLine(verb, 0, rest, "--orders needs a whole number from 0 to 10,000,000.");
                    }
                    i++;
                }
                return new CommandLine(verb, orders, [.. hostArgs], null);
            case "add-user":
                var (options, host, error) = AddUserCommand.Parse(rest);
                return new CommandLine(verb, 0, host, error) { NewUser = options };
            default:
                return new CommandLine(verb, 0, rest, $"Unknown command '{verb}'.");
        }
    }

    public async Task<int> RunAsync(WebApplication app)
    {
        if (Verb == "serve")
        {
            await app.RunAsync();
            return 0;
        }
        try
        {
            return await RunVerbAsync(app);
        }
        catch (Exception e) when (e is InvalidOperationException or MySqlConnector.MySqlException or MigrationChecksumException)
        {
            Console.Error.WriteLine($"{Verb} failed: {e.Message}");
            return 1;
        }
    }

    /// <summary>The migrate verb: the connection string and the migrator only, in any environment.</summary>
    public static async Task<int> MigrateAsync(WebApplicationBuilder builder)
    {
        try
        {
            builder.AddErpDatabase();
            await using var app = builder.Build();
            var applied = await app.Services.GetRequiredService<Migrator>().MigrateAsync();
            Console.WriteLine($"Applied {applied} migration(s); the schema is up to date.");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or MySqlConnector.MySqlException or MigrationChecksumException)
        {
            Console.Error.WriteLine($"migrate failed: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The verify-audit verb (ADR 0012): walks the hash chain and records the result as a chain_verified event (ADR 0018).
    /// Exit 0 when intact, 1 naming the first bad row, 3 when rows stayed unsealed longer than Audit:UnsealedThreshold
    /// (default one minute: is a sealer running?).
    /// </summary>
    public static async Task<int> VerifyAuditAsync(WebApplicationBuilder builder)
    {
        try
        {
            var connectionString = builder.AddErpDatabase();
            var threshold = builder.Configuration.GetValue("Audit:UnsealedThreshold", TimeSpan.FromMinutes(1));
            await using var dataSource = new MySqlConnector.MySqlDataSource(connectionString);
            var result = await new Erp.Data.Audit.AuditChain(dataSource).VerifyAsync(threshold, CancellationToken.None);
            await RecordVerificationAsync(dataSource, result, threshold);
            if (!result.Intact)
            {
                Console.Error.WriteLine($"verify-audit: the chain is broken after {result.Sealed:N0} intact rows: {result.FirstBad}.");
                return 1;
            }
            Console.WriteLine($"verify-audit: {result.Sealed:N0} sealed rows, chain intact.");
            if (result.StaleUnsealed > 0)
            {
                Console.Error.WriteLine($"verify-audit: {result.StaleUnsealed:N0} rows unsealed for longer than {threshold} (oldest id {result.OldestStaleId}); is a sealer running?");
                return 3;
            }
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or MySqlConnector.MySqlException)
        {
            Console.Error.WriteLine($"verify-audit failed: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Records a verify-audit run like "Verify chain" does: the trail shows when the chain was checked, by which database
    /// account, and what was found. The event is sealed right away, as the app's sealer would (the verb may run where no
    /// app runs; an unsealed event would make the next run report a row left unsealed). An account that may only read
    /// (an auditor's) still gets the verification and its exit code, with a warning.
    /// </summary>
    private static async Task RecordVerificationAsync(MySqlConnector.MySqlDataSource dataSource, Erp.Data.Audit.AuditVerification result, TimeSpan threshold)
    {
        try
        {
            await new Erp.Data.Audit.AuditVerifications(new Erp.Data.Infrastructure.Db(dataSource)).RecordCommandRunAsync(result, threshold, CancellationToken.None);
        }
        catch (Exception e) when (e is MySqlConnector.MySqlException or InvalidOperationException)
        {
            Console.Error.WriteLine($"verify-audit: the result was not recorded in the audit trail: {e.Message}");
            return;
        }
        try
        {
            await new Erp.Data.Audit.AuditChain(dataSource).SealAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is MySqlConnector.MySqlException or InvalidOperationException)
        {
            Console.Error.WriteLine($"verify-audit: the result was recorded but not sealed (a running app's sealer will): {e.Message}");
        }
    }

    private async Task<int> RunVerbAsync(WebApplication app)
    {
        switch (Verb)
        {
            case "seed":
                using (WriteContextScope.Begin(WriteContext.Seed))
                {
                    await app.Services.GetRequiredService<Migrator>().MigrateAsync();
                    // Passwords are checked before anything is loaded, then data before users: a refused
                    // seed (the tables hold other data) must change nothing, users included.
                    await DemoUsers.RequirePasswordsAsync(app.Services, CancellationToken.None);
                    await app.Services.GetRequiredService<DemoSeeder>().SeedAsync(Orders);
                    await DemoUsers.EnsureAsync(app.Services, CancellationToken.None);
                    // The demo users' audit rows: sealed now, so verify-audit right after a seed finds nothing waiting.
                    await app.Services.GetRequiredService<Erp.Data.Audit.AuditChain>().SealAsync(CancellationToken.None);
                }
                return 0;
            case "add-user":
                await app.Services.GetRequiredService<Migrator>().MigrateAsync();
                return await AddUserCommand.RunAsync(app.Services, NewUser!, Console.In, Console.Out, Console.Error);
            default:
                throw new InvalidOperationException($"Unknown command '{Verb}'.");
        }
    }
}
