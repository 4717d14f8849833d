using System.Diagnostics;
using Erp.Data.Migrations;
using Erp.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Erp.Tests.Integration;

/// <summary>What start-up demands outside Development, and what the migrate verb does not.</summary>
public sealed class StartupSettingsTests
{
    private static async Task<(int ExitCode, string Output)> RunErpWebAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Erp.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Only what the test names: nothing inherited that could supply a setting (keys, company, passwords).
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__") || k.StartsWith("ASPNETCORE_") || k.StartsWith("DOTNET_ENVIRONMENT")).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Migrate_in_Production_needs_only_the_connection_string()
    {
        await using var db = await TestDatabase.CreateAsync();

        var (exitCode, output) = await RunErpWebAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Erp"] = db.ConnectionString,
        }, "migrate");

        Assert.True(exitCode == 0, output);
        Assert.Contains($"Applied {Migrator.Embedded.Count} migration(s)", output);
        Assert.Equal(Migrator.Embedded.Count, await db.ScalarAsync<int>("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Migrate_without_a_connection_string_says_which_setting_is_missing()
    {
        var (exitCode, output) = await RunErpWebAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, "migrate");

        Assert.Equal(1, exitCode);
        Assert.Contains("ConnectionStrings:Erp is not set", output);
    }

    [Fact]
    public async Task Seed_verb_refuses_a_database_holding_other_data_and_changes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        await new Migrator(db.CreateDataSource(), Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).MigrateAsync();
        await db.ExecuteAsync("""
            INSERT INTO customers (code, name, credit_limit, created_at, updated_at, version)
            VALUES ('REAL-1', 'A real customer', 1000, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1)
            """);

        var (exitCode, output) = await RunErpWebAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Erp"] = new MySqlConnector.MySqlConnectionStringBuilder(db.ConnectionString) { AllowLoadLocalInfile = true }.ConnectionString,
            ["ConnectionStrings__Redis"] = TestDatabase.RedisConnectionString,
        }, "seed", "--orders", "100");

        Assert.Equal(1, exitCode);
        Assert.Contains("seed failed: This database holds data the seeder did not write (customers not empty)", output);
        Assert.Contains("nothing was changed", output);
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT COUNT(*) FROM customers"));
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT COUNT(*) FROM users"));
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT COUNT(*) FROM seed_runs"));
    }

    private static async Task<Exception?> StartFailureAsync(string environment, params (string Key, string Value)[] settings)
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new ErpApp(db);
        var configured = app.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Cursor:SigningKey", "a-test-only-signing-key-0123456789abcdef");
            builder.UseSetting("Jwt:SigningKey", "a-test-only-token-signing-key-0123456789");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        try
        {
            _ = configured.Services;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static string Messages(Exception? e) => e is null ? "(started)" : e.Message + " | " + Messages(e.InnerException);

    [Theory]
    [InlineData("Cursor:SigningKey", "change-me-to-a-long-random-secret-shared-by-all-nodes")]
    [InlineData("Seed:AdminPassword", "Admin-demo-2026")]
    [InlineData("Seed:EmployeePassword", "Employee-demo-2026")]
    [InlineData("Jwt:SigningKey", "CHANGE-ME please")]
    public async Task Outside_Development_start_up_refuses_a_published_placeholder(string key, string value)
    {
        var failure = await StartFailureAsync("Production", (key, value));

        Assert.Contains($"{key} still holds a placeholder", Messages(failure));
    }

    [Fact]
    public async Task Production_refuses_to_start_without_an_api_token_signing_key()
    {
        var failure = await StartFailureAsync("Production", ("Jwt:SigningKey", ""));

        Assert.Contains("Jwt:SigningKey is not set", Messages(failure));
    }

    [Fact]
    public async Task Outside_Development_start_up_refuses_a_missing_company_name()
    {
        var failure = await StartFailureAsync("Staging", ("Company:Name", ""));

        Assert.Contains("Company:Name is not set", Messages(failure));
    }

    [Fact]
    public async Task A_company_address_longer_than_invoices_can_hold_is_refused_at_start_up()
    {
        var failure = await StartFailureAsync("Development", ("Company:Address", new string('x', 501)));

        Assert.Contains("Company:Address at most 500", Messages(failure));
    }

    [Fact]
    public async Task Own_secrets_and_a_company_name_start_in_Production()
    {
        var failure = await StartFailureAsync("Production", ("Seed:AdminPassword", "an-own-admin-password"));

        Assert.Null(failure);
    }

    [Fact]
    public async Task Development_accepts_the_demo_values()
    {
        var failure = await StartFailureAsync("Development",
            ("Cursor:SigningKey", "change-me-to-a-long-random-secret-shared-by-all-nodes"), ("Seed:AdminPassword", "Admin-demo-2026"));

        Assert.Null(failure);
    }
}
