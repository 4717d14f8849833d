using Erp.Data.Customers;
using Erp.Data.Dashboard;
using Erp.Data.Infrastructure;
using Erp.Data.Invoices;
using Erp.Data.Migrations;
using Erp.Data.Orders;
using Erp.Data.Products;
using Erp.Data.Seeding;
using Erp.Data.Stock;
using Erp.Data.Users;
using Erp.Web.Caching;
using Erp.Web.Diagnostics;
using Erp.Web.Paging;
using Erp.Web.Security;
using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace Erp.Web.Hosting;

public static class ErpSetup
{
    public static void AddErp(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        var connectionString = config.GetConnectionString("Erp");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Erp is not set (env var ConnectionStrings__Erp).");
        }

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new MySqlDataSource(connectionString));
        services.AddHttpContextAccessor();
        services.AddSingleton<IWriteContextAccessor, RequestWriteContext>();
        services.AddSingleton<Db>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<UserStore>();
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
        services.AddSingleton(_ =>
        {
            // Only the seeder bulk-loads, so only its connections may use LOAD DATA LOCAL INFILE.
            var bulk = new MySqlConnectionStringBuilder(connectionString) { AllowLoadLocalInfile = true };
            return new DemoSeeder(new MySqlDataSource(bulk.ConnectionString), Console.Out);
        });

        services.AddSingleton<DashboardStore>();
        services.AddSingleton<DbCommandCounter>();
        builder.AddErpCache();

        if (config.GetValue("Database:MigrateOnStartup", true))
        {
            services.AddHostedService<MigrateOnStartup>();
        }

        builder.AddCursorCodec();
        builder.AddErpAuthentication();
        services.AddRouting(o => o.LowercaseUrls = true);
        services.AddRazorPages(o =>
        {
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.ConfigureFilter(new UnknownPostHandlerFilter());
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"])
            .AddCheck<RedisCheck>("redis", failureStatus: HealthStatus.Degraded, tags: ["ready"]);
    }

    public static void UseErp(this WebApplication app)
    {
        app.UseDbCommandHeader();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }
        // Empty 4xx answers to full-page requests (unknown record, bad antiforgery token) get a page
        // with a way back; htmx and API callers keep the bare status.
        app.UseWhen(ctx => !ctx.Request.IsHtmx() && !ctx.Request.Path.StartsWithSegments("/api"),
            branch => branch.UseStatusCodePagesWithReExecute("/status/{0}"));
        app.UseRouting(); // after the status-code pages, so a re-executed request is routed again
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorPages();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
    }
}
