using System.Net;
using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Tests.Integration.Customers;
using Erp.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace Erp.Tests.Integration.WritePath;

/// <summary>The rules of the write path's seam (ADR 0005): who writes, and what happens after the commit.</summary>
public sealed class AfterCommitTests
{
    private sealed class FailingSubscriber : IAfterCommit
    {
        public int Calls;

        public Task OnCommittedAsync(CommittedWrite write, CancellationToken ct)
        {
            Interlocked.Increment(ref Calls);
            throw new InvalidOperationException("The cache is down.");
        }
    }

    [Fact]
    public async Task Failing_after_commit_work_does_not_turn_a_committed_change_into_an_error()
    {
        var failing = new FailingSubscriber();
        var recorder = new ChangeRecorder();
        await using var app = await ErpApp.StartAsync(seedOrders: 0, configure: b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<IAfterCommit>(failing);
            s.AddSingleton<IAfterCommit>(recorder); // registered after the failing one: it must still run
        }));
        var client = await app.SignInAsync();
        var code = CustomerForms.UniqueCode();

        var response = await CustomerForms.CreateAsync(client, CustomerForms.Valid(code));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await app.Database.ScalarAsync<int>("SELECT COUNT(*) FROM customers WHERE code = @code", new { code }));
        Assert.True(failing.Calls > 0);
        Assert.Contains(recorder.Writes, w => w.Changes.Any(c => c.Entity == Entities.Customer));
    }

    [Fact]
    public async Task A_page_write_carries_the_signed_in_user_the_client_address_and_the_trace_id()
    {
        var recorder = new ChangeRecorder();
        // Real Kestrel: the in-memory test server has no client address to record.
        await using var app = await ErpApp.StartAsync(seedOrders: 0, kestrel: true,
            configure: b => b.ConfigureTestServices(s => s.AddSingleton<IAfterCommit>(recorder)));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() })
        {
            BaseAddress = app.ServerAddress,
        };
        Assert.Equal(HttpStatusCode.Redirect,
            (await ErpApp.PostLoginAsync(client, DemoUsers.EmployeeEmail, ErpApp.EmployeePassword)).StatusCode);
        var code = CustomerForms.UniqueCode();
        recorder.Clear();

        await CustomerForms.CreatedIdAsync(client, CustomerForms.Valid(code));

        var write = Assert.Single(recorder.Writes, w => w.Changes.Any(c => c.Entity == Entities.Customer));
        var employee = await app.Database.ScalarAsync<long>("SELECT id FROM users WHERE email = 'employee@erp.local'");
        Assert.Equal(employee, write.Context.ActorId);
        Assert.Equal("Demo Employee", write.Context.ActorName);
        Assert.False(string.IsNullOrWhiteSpace(write.Context.TraceId));
        Assert.Equal("127.0.0.1", write.Context.ClientIp);
    }

    [Fact]
    public async Task Writes_outside_a_request_are_the_system_unless_a_scope_names_the_actor()
    {
        var recorder = new ChangeRecorder();
        await using var app = await ErpApp.StartAsync(seedOrders: 0,
            configure: b => b.ConfigureTestServices(s => s.AddSingleton<IAfterCommit>(recorder)));
        var customers = app.Services.GetRequiredService<CustomerStore>();
        CustomerInput NewCustomer() => new(CustomerForms.UniqueCode(), "Outside a request", null, null, null, 10m);
        recorder.Clear();

        await customers.CreateAsync(NewCustomer(), CancellationToken.None);
        using (WriteContextScope.Begin(WriteContext.Seed))
        {
            await customers.CreateAsync(NewCustomer(), CancellationToken.None);
        }
        await customers.CreateAsync(NewCustomer(), CancellationToken.None);

        Assert.Equal(["system", "seed", "system"], recorder.Writes.Select(w => w.Context.ActorName));
        Assert.All(recorder.Writes, w => Assert.Null(w.Context.ActorId));
    }

    [Fact]
    public async Task A_write_on_a_broken_connection_reports_its_own_error_and_releases_the_connection()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Migrated: every unit of work begins by setting the audit context through a procedure of the schema.
        await new Erp.Data.Migrations.Migrator(database.CreateDataSource(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Erp.Data.Migrations.Migrator>.Instance).MigrateAsync();
        var db = new Db(database.CreateDataSource());
        MySqlConnection? used = null;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.WriteAsync(async uow =>
        {
            used = uow.Connection;
            await database.ExecuteAsync($"KILL {uow.Connection.ServerThread}");
            throw new InvalidOperationException("The work failed.");
        }, CancellationToken.None));

        // The rollback on the dead connection failed; that must neither hide the real error nor leak the connection.
        Assert.Equal("The work failed.", error.Message);
        Assert.Equal(System.Data.ConnectionState.Closed, used!.State);
    }
}
