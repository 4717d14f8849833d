using Erp.Data.Audit;
using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Audit;

/// <summary>The audit read model on rows the real triggers wrote (docs/adr/0017-audit-reading.md).</summary>
[Collection(AuditCollection.Name)]
public sealed class AuditReadStoreTests(AuditAppFixture fixture)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private ErpApp App => fixture.App;
    private T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    [Fact]
    public async Task An_entry_reads_who_what_and_the_changed_columns_of_a_trigger_row()
    {
        var store = Get<CustomerStore>();
        var code = "R" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        Customer created;
        using (WriteContextScope.Begin(new WriteContext(42, "Alice Admin", "203.0.113.7", "trace-read")))
        {
            created = (await store.CreateAsync(new CustomerInput(code, "Before Ltd", "before@example.com", null, null, 10m), None)).Row!;
            await store.UpdateAsync(created.Id, created.Version,
                new CustomerInput(code, "After Ltd", "after@example.com", "+49 30 555", null, 10m), None);
        }
        var id = await App.Database.ScalarAsync<long>(
            "SELECT id FROM audit_log WHERE entity = 'customer' AND entity_id = @Id AND action = 'update'", created);

        var entry = (await Get<AuditReadStore>().GetAsync(id, None))!;

        Assert.Equal((42L, "Alice Admin", "203.0.113.7", "trace-read", "customer", created.Id, "update"),
            (entry.ActorId!.Value, entry.ActorName, entry.ClientIp, entry.TraceId, entry.Entity, entry.EntityId!.Value, entry.Action));
        Assert.Contains(new AuditChange("name", "Before Ltd", "After Ltd", AuditChangeKind.Value), entry.Changes);
        Assert.Contains(new AuditChange("email", "before@example.com", "after@example.com", AuditChangeKind.Personal), entry.Changes);
        Assert.Contains(new AuditChange("phone", null, "+49 30 555", AuditChangeKind.Personal), entry.Changes);
        Assert.DoesNotContain(entry.Changes, c => c.Column == "updated_at");
        Assert.Null(await Get<AuditReadStore>().GetAsync(long.MaxValue, None));
    }
}
