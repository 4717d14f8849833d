using Erp.Data.Audit;
using Erp.Data.Customers;
using Erp.Data.Dashboard;
using Erp.Data.Infrastructure;
using Erp.Data.Invoices;
using Erp.Data.Migrations;
using Erp.Data.Orders;
using Erp.Data.Products;
using Erp.Data.Rules;
using Erp.Data.Seeding;
using Erp.Data.Stock;
using Erp.Data.Users;
using Erp.Web.Audit;
using Erp.Web.Api;
using Erp.Web.Caching;
using Erp.Web.Diagnostics;
using Erp.Web.Jobs;
using Erp.Web.Paging;
using Erp.Web.Security;
using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace Erp.Web.Hosting;

/// <summary>The owner account's connection string: migrations, audit triggers, the seed (ADR 0012).</summary>
public sealed record OwnerConnection(string ConnectionString);

public static class ErpSetup
{
    /// <summary>What the migrate verb needs and nothing more: the connection string, the data source, the migrator.</summary>
    public static string AddErpDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Erp");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Erp is not set (env var ConnectionStrings__Erp).");
        }
        builder.Services.AddSingleton(new MySqlDataSource(connectionString));
        // Two accounts (ADR 0012): the owner migrates, owns the audit triggers and seeds; the application
        // account (ConnectionStrings:Erp) may not change audit rows. Without ErpOwner one account does both.
        var owner = builder.Configuration.GetConnectionString("ErpOwner");
        if (!string.IsNullOrWhiteSpace(owner)
            && new MySqlConnectionStringBuilder(owner).Database != new MySqlConnectionStringBuilder(connectionString).Database)
        {
            throw new InvalidOperationException("ConnectionStrings:ErpOwner and ConnectionStrings:Erp name different databases; both must name the app's database.");
        }
        builder.Services.AddSingleton(new OwnerConnection(string.IsNullOrWhiteSpace(owner) ? connectionString : owner));
        var appRole = builder.Configuration["Database:AppRole"];
        builder.Services.AddSingleton(sp => new Migrator(new MySqlDataSource(sp.GetRequiredService<OwnerConnection>().ConnectionString),
            sp.GetRequiredService<ILogger<Migrator>>(), new MigratorOptions(string.IsNullOrWhiteSpace(appRole) ? null : appRole)));
        return connectionString;
    }

    public static void AddErp(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        var connectionString = builder.AddErpDatabase();
        PlaceholderSecrets.Refuse(config, builder.Environment);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(CompanyTime.FromId(config[CompanyTime.ConfigKey])); // an unknown zone stops start-up here
        services.AddHttpContextAccessor();
        services.AddSingleton<IWriteContextAccessor, RequestWriteContext>();
        services.AddSingleton<Db>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<AuditEvents>();
        services.AddSingleton<UserListStore>();
        services.AddSingleton<SessionChecks>();
        services.AddSingleton<IAfterCommit>(sp => sp.GetRequiredService<SessionChecks>());
        services.AddSingleton<Sessions>();
        services.AddSingleton<Credentials>();
        services.AddSingleton<CustomerStore>();
        services.AddSingleton<CustomerListStore>();
        services.AddSingleton<OrderListStore>();
        services.AddSingleton<ProductListStore>();
        services.AddSingleton<InvoiceListStore>();
        services.AddSingleton<DataProtectionKeyStore>();
        services.AddSingleton<StockStore>();
        services.AddSingleton<ProductStore>();
        services.AddSingleton<OrderStore>();
        services.AddSingleton<OrderWorkflow>();
        services.AddSingleton<OrderLookupStore>();
        services.AddSingleton<InvoiceStore>();
        services.AddSingleton<IPasswordHasher<UserRecord>, PasswordHasher<UserRecord>>();
        services.AddSingleton(sp =>
        {
            // Only the seeder bulk-loads, so only its connections may use LOAD DATA LOCAL INFILE. It runs as the
            // owner: it suspends the audit triggers around its load of empty tables (ADR 0012).
            var bulk = new MySqlConnectionStringBuilder(sp.GetRequiredService<OwnerConnection>().ConnectionString) { AllowLoadLocalInfile = true };
            return new DemoSeeder(new MySqlDataSource(bulk.ConnectionString), Console.Out, sp.GetRequiredService<CompanyIdentity>());
        });

        services.AddSingleton(sp => new AuditChain(sp.GetRequiredService<MySqlDataSource>()));
        services.AddSingleton<AuditReadStore>();
        services.AddSingleton<Erp.Web.Audit.RecordHistory>();
        services.AddSingleton<RevertStore>();
        services.AddSingleton<AuditVerifications>();
        if (config.GetValue("Audit:Sealer", true))
        {
            services.AddHostedService<AuditSealer>();
        }
        services.AddSingleton<DashboardStore>();
        services.AddSingleton<DbCommandCounter>();
        builder.AddErpCache();
        builder.AddErpJobs();

        if (config.GetValue("Database:MigrateOnStartup", true))
        {
            services.AddHostedService<MigrateOnStartup>();
        }

        builder.AddCursorCodec();
        services.AddSingleton(builder.ReadCompany());
        builder.AddErpAuthentication();
        builder.AddErpSecurityHeaders();
        builder.AddErpForwardedHeaders();
        builder.AddErpRateLimits();
        builder.AddErpBodyLimits();
        services.AddRouting(o => o.LowercaseUrls = true);
        services.AddRazorPages(o =>
        {
            PermissionMatrix.Apply(o.Conventions);
            // A refused full-page request is re-executed as /status/403: that address is the access-denied page.
            o.Conventions.AddPageRoute("/AccessDenied", "/status/403");
            o.Conventions.ConfigureFilter(new UnknownPostHandlerFilter());
        });
        services.AddErpPolicies();
        services.AddErpApi();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RefusalResultHandler>();

        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"])
            .AddCheck<RedisCheck>("redis", failureStatus: HealthStatus.Degraded, tags: ["ready"]);
    }

    /// <summary>
    /// Company:Name and Company:Address, which every invoice copies when it is issued. Required outside
    /// Development (an invoice must name its issuer); Development falls back to the demo company.
    /// </summary>
    private static CompanyIdentity ReadCompany(this WebApplicationBuilder builder)
    {
        var name = builder.Configuration["Company:Name"]?.Trim();
        var address = builder.Configuration["Company:Address"]?.Trim();
        if (name?.Length > CompanyIdentity.MaxName || address?.Length > CompanyIdentity.MaxAddress)
        {
            throw new InvalidOperationException(
                $"Company:Name holds at most {CompanyIdentity.MaxName} characters and Company:Address at most {CompanyIdentity.MaxAddress}: every invoice copies them.");
        }
        if (!string.IsNullOrEmpty(name))
        {
            return new CompanyIdentity(name, string.IsNullOrEmpty(address) ? null : address);
        }
        if (builder.Environment.IsDevelopment())
        {
            return CompanyIdentity.Demo;
        }
        throw new InvalidOperationException(
            "Company:Name is not set (env var Company__Name; Company__Address for the address): every invoice prints the issuing company.");
    }

    public static void UseErp(this WebApplication app)
    {
        app.WarnAboutPlainKeys();
        // First: the client address every later step uses (rate limits, logs, the write context).
        app.UseErpForwardedHeaders();
        app.UseErpSecurityHeaders();
        app.UseRequestIdHeader();
        app.UseDbCommandHeader();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }
        // Empty 4xx answers to full-page requests (unknown record, bad antiforgery token) get a page
        // with a way back; htmx and API callers keep the bare status.
        app.UseWhen(ctx => !ctx.Request.IsHtmx() && !ctx.Request.Path.StartsWithSegments("/api"),
            branch => branch.UseStatusCodePagesWithReExecute("/status/{0}"));
        app.UseErpApiErrors();
        app.UseRouting(); // after the status-code pages, so a re-executed request is routed again
        app.UseErpBodyLimits();
        app.UseAuthentication();
        // After authentication (the default scheme: the bearer token on /api, the cookie elsewhere): a signed-in user or an
        // API caller with a valid token is limited per user, everyone else (a forged or expired token too) per address.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseErpCache();

        app.MapStaticAssets().AllowAnonymous().DisableRateLimiting();
        // WithStaticAssets: the layout's ~/ script and stylesheet URLs become fingerprinted ones, served with a
        // year-long immutable Cache-Control (ADR 0014).
        app.MapRazorPages().WithStaticAssets();
        app.MapCspReports();
        app.MapErpApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous().DisableRateLimiting();
    }
}
