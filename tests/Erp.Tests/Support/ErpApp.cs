using System.Net;
using Erp.Data.Invoices;
using Erp.Data.Seeding;
using Erp.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Support;

/// <summary>
/// The app on its own real database (migrated by the app's own start-up, demo users and a
/// small deterministic seed), with real Redis. Settings go through UseSetting: configuration
/// read before Build() does not see ConfigureAppConfiguration overrides.
/// </summary>
public sealed class ErpApp(TestDatabase database, int seedOrders = 300) : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Admin-test-2026";
    public const string EmployeePassword = "Employee-test-2026";
    public const string CompanyName = "Erp Test Company Ltd";
    public const string CompanyAddress = "1 Test Road\n10115 Testville";

    public TestDatabase Database { get; } = database;
    public int SeedOrders { get; } = seedOrders;

    /// <summary>
    /// Cache keys and the backplane channel of this app's database: tests share one Redis, so each
    /// database gets its own prefix, and every host on the same database (<see cref="StartSecondHost"/>) shares it.
    /// </summary>
    public string CacheKeyPrefix => $"{Database.Name}:";

    /// <summary>Files:Path of this app (exports): its own folder, since every test database numbers exports from 1.</summary>
    public string FilesPath => Path.Combine(Path.GetTempPath(), "erp-test-files", Database.Name);

    /// <summary>False for a second host: the first one drops the database.</summary>
    private bool OwnsDatabase { get; init; } = true;

    /// <summary>
    /// Starts the app; with <paramref name="kestrel"/> it listens on a free loopback port (for Chromium).
    /// <paramref name="environment"/> Production runs the app as deployed (exception handler, Secure
    /// cookies) with a random Cursor:SigningKey; its clients talk https to the in-memory server.
    /// </summary>
    public static async Task<ErpApp> StartAsync(int seedOrders = 300, Action<IWebHostBuilder>? configure = null, bool kestrel = false,
        string environment = "Development")
    {
        var database = await TestDatabase.CreateAsync();
        var app = new ErpApp(database, seedOrders) { Configure = configure, EnvironmentName = environment };
        try
        {
            if (kestrel)
            {
                app.UseKestrel(0);
                app.StartServer();
            }
            await DemoUsers.EnsureAsync(app.Services, CancellationToken.None);
            if (seedOrders > 0)
            {
                var seeder = new DemoSeeder(database.CreateDataSource(bulk: true), TextWriter.Null,
                    app.Services.GetRequiredService<CompanyIdentity>());
                await seeder.SeedAsync(seedOrders);
            }
            return app;
        }
        catch
        {
            await app.DisposeAsync(); // an app that refuses to start still drops its database
            throw;
        }
    }

    private Action<IWebHostBuilder>? Configure { get; init; }

    public string EnvironmentName { get; private init; } = "Development";

    public bool IsProduction => EnvironmentName == "Production";

    /// <summary>
    /// Another app host (another "node") on the same database and Redis, with the same key prefix and
    /// its own memory cache (L1): what one host writes must reach the other through the backplane.
    /// </summary>
    public ErpApp StartSecondHost(Action<IWebHostBuilder>? configure = null)
    {
        var host = new ErpApp(Database, 0) { Configure = configure ?? Configure, OwnsDatabase = false, EnvironmentName = EnvironmentName };
        _ = host.Services; // builds and starts the host
        return host;
    }

    /// <summary>A second host on the same database reached through <paramref name="connectionString"/> (other pool settings).</summary>
    public ErpApp StartSecondHostOn(string connectionString) =>
        StartSecondHost(b =>
        {
            Configure?.Invoke(b);
            b.UseSetting("ConnectionStrings:Erp", connectionString);
        });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        if (IsProduction)
        {
            // Development does this by itself: serve the build's static assets (the compressed
            // copies live under obj/), which a published Production app has in its wwwroot.
            builder.UseStaticWebAssets();
            builder.UseSetting("Cursor:SigningKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            builder.UseSetting("Jwt:SigningKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }
        builder.UseSetting("ConnectionStrings:Erp", Database.AppConnectionString);
        builder.UseSetting("ConnectionStrings:ErpOwner", Database.ConnectionString);
        builder.UseSetting("Database:AppRole", AppAccount.Role);
        builder.UseSetting("ConnectionStrings:Redis", TestDatabase.RedisConnectionString);
        builder.UseSetting("Seed:AdminPassword", AdminPassword);
        builder.UseSetting("Seed:EmployeePassword", EmployeePassword);
        builder.UseSetting("Company:Name", CompanyName);
        builder.UseSetting("Company:Address", CompanyAddress);
        builder.UseSetting("Cache:KeyPrefix", CacheKeyPrefix);
        // High limits, so that no test trips the rate limiter by accident; tests of the limits set their own.
        builder.UseSetting("RateLimits:Profile", "Load");
        builder.UseSetting("Files:Path", FilesPath);
        Configure?.Invoke(builder);
    }

    /// <summary>The real address Kestrel listens on (after StartAsync with kestrel: true).</summary>
    public Uri ServerAddress =>
        new(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!
            .Addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));

    /// <summary>
    /// A client with its own cookies. In Production the auth cookie is Secure, which .NET's cookie
    /// container keeps only for https addresses: the in-memory server is then addressed as https.
    /// </summary>
    public HttpClient CreateAnonymousClient() =>
        CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri(IsProduction ? "https://localhost" : "http://localhost"),
        });

    /// <summary>
    /// A signed-in client; by default the demo admin, who may do everything the ERP flow needs.
    /// Tests about what an employee may not do sign in as <see cref="DemoUsers.EmployeeEmail"/> explicitly.
    /// </summary>
    public async Task<HttpClient> SignInAsync(string email = DemoUsers.AdminEmail, string password = AdminPassword)
    {
        var client = CreateAnonymousClient();
        var response = await PostLoginAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} answered {(int)response.StatusCode}.");
        }
        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/login");
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path) =>
        (await client.GetHtmlAsync(path)).AntiforgeryToken() ?? throw new InvalidOperationException($"{path} has no antiforgery field.");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (OwnsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}

/// <summary>One app for a whole test class (xunit class fixture).</summary>
public sealed class ErpAppFixture : IAsyncLifetime
{
    public ErpApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await ErpApp.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<ErpAppFixture>
{
    public const string Name = "app";
}
