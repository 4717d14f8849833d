using Dapper;
using Erp.Data.Audit;
using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Data.Users;
using Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace Erp.Tests.Integration.Audit;

/// <summary>
/// The audit trail on a running app (ADR 0012): who is recorded, what is never stored, what a rollback
/// leaves, and the hash chain the sealer builds and the verifier walks.
/// </summary>
[Collection(AuditCollection.Name)]
public sealed class AuditTrailTests(AuditAppFixture fixture)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private ErpApp App => fixture.App;
    private T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    private static CustomerInput NewCustomer(string name = "Audited customer") =>
        new("A" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), name, null, null, null, 500m);

    [Fact]
    public async Task A_write_records_the_actor_address_and_trace_of_its_write_context()
    {
        Customer created;
        using (WriteContextScope.Begin(new WriteContext(42, "alice@erp.test", "203.0.113.7", "trace-abc")))
        {
            created = (await Get<CustomerStore>().CreateAsync(NewCustomer(), None)).Row!;
        }

        var row = await App.Database.QueryAsync<(long? ActorId, string ActorName, string? ClientIp, string? TraceId, string DbUser)>(
            "SELECT actor_id, actor_name, client_ip, trace_id, db_user FROM audit_log WHERE entity = 'customer' AND entity_id = @Id", created);

        Assert.Equal((42L, "alice@erp.test", "203.0.113.7", "trace-abc"), (Assert.Single(row).ActorId, row[0].ActorName, row[0].ClientIp, row[0].TraceId));
        Assert.StartsWith(AppAccount.User + "@", row[0].DbUser);
    }

    [Fact]
    public async Task A_change_of_case_only_is_a_change_although_the_collation_ignores_case()
    {
        var store = Get<CustomerStore>();
        var created = (await store.CreateAsync(NewCustomer("acme trading"), None)).Row!;

        await store.UpdateAsync(created.Id, created.Version, NewCustomer("ACME Trading") with { Code = created.Code }, None);

        var changes = await App.Database.ScalarAsync<string?>(
            "SELECT changes FROM audit_log WHERE entity = 'customer' AND entity_id = @Id AND action = 'update'", created);
        Assert.NotNull(changes);
        Assert.Contains("\"name\":{\"before\": \"acme trading\", \"after\": \"ACME Trading\"}", changes);
    }

    [Fact]
    public async Task A_rolled_back_transaction_leaves_no_audit_row()
    {
        var code = NewCustomer().Code;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Get<Db>().WriteAsync(async uow =>
        {
            await uow.ExecuteAsync("""
                INSERT INTO customers (code, name, credit_limit, created_at, updated_at) VALUES (@code, 'Rolled back', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
                """, new { code }, None);
            Assert.Equal(1, await uow.QuerySingleOrDefaultAsync<int>(
                "SELECT COUNT(*) FROM audit_log WHERE entity = 'customer' AND changes LIKE CONCAT('%', @code, '%')", new { code }, None));
            throw new InvalidOperationException("refused after the insert");
        }, None));

        Assert.Equal(0, await App.Database.ScalarAsync<int>(
            "SELECT COUNT(*) FROM audit_log WHERE changes LIKE CONCAT('%', @code, '%')", new { code }));
    }

    [Fact]
    public async Task A_change_made_outside_the_app_is_recorded_with_the_database_user()
    {
        var created = (await Get<CustomerStore>().CreateAsync(NewCustomer(), None)).Row!;

        await using (var console = new MySqlConnection(App.Database.ConnectionString)) // a SQL console: no write context
        {
            await console.ExecuteAsync("UPDATE customers SET name = 'Changed in a console' WHERE id = @Id", created);
        }

        var (actor, dbUser, changes) = (await App.Database.QueryAsync<(string, string, string)>(
            "SELECT actor_name, db_user, changes FROM audit_log WHERE entity = 'customer' AND entity_id = @Id AND action = 'update'", created)).Single();
        Assert.StartsWith(TestDatabase.OwnerUser + "@", actor);
        Assert.Equal(actor, dbUser);
        Assert.Contains("Changed in a console", changes);
    }

    [Fact]
    public async Task A_pooled_connection_never_carries_the_previous_writers_actor()
    {
        // One physical connection: the second open must get the same session back, reset.
        await using var pool = new MySqlDataSource(new MySqlConnectionStringBuilder(App.Database.AppConnectionString) { MaximumPoolSize = 1 }.ConnectionString);
        var db = new Db(pool);
        long first;
        using (WriteContextScope.Begin(new WriteContext(7, "previous-writer", "198.51.100.1", "trace-previous")))
        {
            first = (await new CustomerStore(db).CreateAsync(NewCustomer(), None)).Row!.Id;
        }
        int firstSession, secondSession;
        await using (var c = await pool.OpenConnectionAsync())
        {
            firstSession = await c.ExecuteScalarAsync<int>("SELECT CONNECTION_ID()");
        }

        await using (var c = await pool.OpenConnectionAsync())
        {
            secondSession = await c.ExecuteScalarAsync<int>("SELECT CONNECTION_ID()");
            await c.ExecuteAsync("UPDATE customers SET name = 'Raw write on a reused connection' WHERE id = @first", new { first });
        }

        Assert.Equal(firstSession, secondSession);
        var (actorId, actor, ip, trace) = (await App.Database.QueryAsync<(long?, string, string?, string?)>(
            "SELECT actor_id, actor_name, client_ip, trace_id FROM audit_log WHERE entity = 'customer' AND entity_id = @first AND action = 'update'",
            new { first })).Single();
        Assert.Null(actorId);
        Assert.StartsWith(AppAccount.User + "@", actor);
        Assert.Null(ip);
        Assert.Null(trace);
    }

    [Fact]
    public async Task No_secret_value_appears_anywhere_in_the_audit_log()
    {
        var hash = "SECRET-HASH-" + Guid.NewGuid().ToString("N");
        var newHash = "SECRET-RESET-" + Guid.NewGuid().ToString("N");
        var users = Get<UserStore>();
        var user = (await users.CreateAsync(new NewUser($"{Guid.NewGuid():N}@erp.test", "Secret keeper", Roles.Employee, hash), None)).Row!;
        var stamp = user.SecurityStamp;
        await users.ResetPasswordAsync(user.Id, newHash, None);
        var newStamp = await App.Database.ScalarAsync<string>("SELECT security_stamp FROM users WHERE id = @Id", user);
        await Get<AuditChain>().SealAsync(None);

        var columns = await App.Database.QueryAsync<string>(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'audit_log'");
        var everything = $"CONCAT_WS('|', {string.Join(", ", columns.Select(c => $"`{c}`"))})";
        foreach (var secret in new[] { hash, newHash, stamp, newStamp })
        {
            Assert.Equal(0, await App.Database.ScalarAsync<int>(
                $"SELECT COUNT(*) FROM audit_log WHERE INSTR({everything}, @secret) > 0", new { secret }));
        }
        var changes = await App.Database.QueryAsync<string>(
            "SELECT changes FROM audit_log WHERE entity = 'user' AND entity_id = @Id AND action IN ('insert', 'update') ORDER BY id", user);
        Assert.Equal(2, changes.Count);
        Assert.Contains("\"password_hash\":{\"changed\":true}", changes[1]);
        Assert.Contains("\"security_stamp\":{\"changed\":true}", changes[1]);
    }

    [Fact]
    public async Task Parallel_writers_end_in_one_valid_chain_after_sealing()
    {
        var store = Get<CustomerStore>();
        var chain = Get<AuditChain>();
        using var stop = new CancellationTokenSource();
        // Two sealers race the writers and each other, as two nodes would.
        var sealers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await chain.SealAsync(None, batch: 7);
            }
        })).ToList();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                var created = (await store.CreateAsync(NewCustomer($"Writer {w}"), None)).Row!;
                await store.UpdateAsync(created.Id, created.Version, NewCustomer($"Writer {w} edit {i}") with { Code = created.Code }, None);
            }
        })).ToList();

        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await Task.WhenAll(sealers);
        await chain.SealAsync(None);

        var result = await chain.VerifyAsync(TimeSpan.Zero, None);
        Assert.True(result.Intact, result.FirstBad);
        Assert.Equal(await App.Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit_log"), result.Sealed);
        Assert.Equal(0, result.StaleUnsealed);
    }

    [Fact]
    public async Task The_hosted_sealer_seals_a_committed_row_within_seconds()
    {
        var created = (await Get<CustomerStore>().CreateAsync(NewCustomer(), None)).Row!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await App.Database.ScalarAsync<long?>(
                   "SELECT seq FROM audit_log WHERE entity = 'customer' AND entity_id = @Id", created) is null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "The sealer did not seal the row within 15 s.");
            await Task.Delay(100);
        }
    }
}

/// <summary>One app (no seed) for the audit tests.</summary>
public sealed class AuditAppFixture : IAsyncLifetime
{
    public ErpApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await ErpApp.StartAsync(seedOrders: 0);

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AuditCollection : ICollectionFixture<AuditAppFixture>
{
    public const string Name = "audit";
}
