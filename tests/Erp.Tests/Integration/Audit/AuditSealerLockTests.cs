using Dapper;
using Erp.Data.Audit;
using Erp.Data.Customers;
using Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace Erp.Tests.Integration.Audit;

/// <summary>
/// The sealer and the writers do not wait for each other (src/Erp.Data/Audit/AuditChain.cs, OpenSealerConnectionAsync):
/// a sealing statement in progress does not hold up the audit rows that writing transactions insert, and an open
/// writing transaction does not hold up sealing. The app's own sealer is off: the tests seal when they mean to.
/// </summary>
public sealed class AuditSealerLockTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private ErpApp _app = null!;

    public async Task InitializeAsync() => _app = await ErpApp.StartAsync(seedOrders: 0, configure: b => b.UseSetting("Audit:Sealer", "false"));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<long> NewCustomerAsync()
    {
        var input = new CustomerInput("K" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), "Sealer lock", null, null, null, 1m);
        return (await _app.Services.GetRequiredService<CustomerStore>().CreateAsync(input, None)).Row!.Id;
    }

    /// <summary>An application connection that gives up on a row lock after a second instead of the server's 50.</summary>
    private async Task<MySqlConnection> WriterAsync()
    {
        var connection = new MySqlConnection(_app.Database.AppConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("SET SESSION innodb_lock_wait_timeout = 1");
        return connection;
    }

    [Fact]
    public async Task A_writer_inserts_its_audit_row_while_a_sealing_statement_holds_its_locks()
    {
        var first = await NewCustomerAsync();
        var second = await NewCustomerAsync();
        var chain = _app.Services.GetRequiredService<AuditChain>();
        await using var sealer = await chain.OpenSealerConnectionAsync(None);
        // The sealing statement's locks, held open (in production they last as long as one statement). START TRANSACTION
        // keeps the connection's own isolation level; BeginTransaction would set REPEATABLE READ.
        await sealer.ExecuteAsync("START TRANSACTION");
        Assert.True(await sealer.ExecuteScalarAsync<long>($"CALL {AuditTriggers.SealProcedure}(1000)") >= 2);

        await using var writer = await WriterAsync();
        var updated = await writer.ExecuteAsync("UPDATE customers SET name = 'Renamed while sealing', version = version + 1 WHERE id = @second", new { second });

        Assert.Equal(1, updated);
        await sealer.ExecuteAsync("COMMIT");
        await chain.SealAsync(None);
        var verified = await chain.VerifyAsync(TimeSpan.FromMinutes(1), None);
        Assert.True(verified.Intact, verified.FirstBad);
        Assert.Equal(0, await _app.Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE seq IS NULL"));
        Assert.Equal(2, await _app.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'customer' AND entity_id IN @ids AND action = 'insert'", new { ids = new[] { first, second } }));
    }

    [Fact]
    public async Task Sealing_seals_what_is_committed_without_waiting_for_an_open_writing_transaction()
    {
        var committed = await NewCustomerAsync();
        var open = await NewCustomerAsync();
        await using var writer = new MySqlConnection(_app.Database.AppConnectionString);
        await writer.OpenAsync();
        await using var writing = await writer.BeginTransactionAsync();
        await writer.ExecuteAsync("UPDATE customers SET name = 'Not committed yet', version = version + 1 WHERE id = @open", new { open }, writing);
        var chain = _app.Services.GetRequiredService<AuditChain>();

        // Waiting for the open transaction would take the server's lock wait timeout (50 s) and then fail.
        var sealedNow = await chain.SealAsync(None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(sealedNow >= 2);
        Assert.Equal(0, await _app.Database.ScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE seq IS NULL"));
        await writing.CommitAsync();
        Assert.Equal(1, await chain.SealAsync(None)); // the update, once committed, gets the next seq
        var verified = await chain.VerifyAsync(TimeSpan.FromMinutes(1), None);
        Assert.True(verified.Intact, verified.FirstBad);
        _ = committed;
    }
}
