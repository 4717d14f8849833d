using Erp.Data.Audit;
using Erp.Data.Infrastructure;

namespace Erp.Tests.Unit;

/// <summary>The one rule of what "Revert this change" may touch (ADR 0018).</summary>
public sealed class RevertibilityTests
{
    private static AuditEntry Entry(string entity, string action, string json) =>
        new(1, new DateTime(2026, 11, 26, 10, 0, 0), 7, "Alice", "erp@localhost", null, null, entity, 42, action, true,
            AuditEntry.ParseChanges(entity, json));

    [Theory]
    [InlineData(Entities.Order)]
    [InlineData(Entities.OrderLine)]
    [InlineData(Entities.StockMovement)]
    [InlineData(Entities.Invoice)]
    [InlineData(Entities.InvoiceLine)]
    public void Every_business_document_is_refused_with_the_workflow_message(string entity)
    {
        foreach (var action in new[] { "update", "delete" })
        {
            Assert.Equal(Revertibility.DocumentMessage, Revertibility.Refusal(Entry(entity, action, """{"status": {"before": "draft", "after": "confirmed"}}""")));
        }
    }

    [Fact]
    public void Master_data_updates_are_revertible_but_inserts_events_and_reverts_are_not()
    {
        const string name = """{"name": {"before": "A", "after": "B"}}""";

        Assert.Null(Revertibility.Refusal(Entry(Entities.Customer, "update", name)));
        Assert.Null(Revertibility.Refusal(Entry(Entities.Product, "update", name)));
        Assert.Null(Revertibility.Refusal(Entry(Entities.Customer, "delete", """{"name": {"before": "A"}}""")));
        Assert.Equal(Revertibility.InsertMessage, Revertibility.Refusal(Entry(Entities.Customer, "insert", """{"name": {"after": "A"}}""")));
        Assert.Equal(Revertibility.RevertMessage, Revertibility.Refusal(Entry(Entities.Customer, "revert", """{"revert_of": 3, "name": {"before": "B", "after": "A"}}""")));
        Assert.Equal(Revertibility.EventMessage, Revertibility.Refusal(Entry(Entities.User, "sign_in", "{}")));
    }

    [Fact]
    public void A_products_unit_price_is_not_restored_and_a_change_of_only_the_price_is_refused()
    {
        var both = Entry(Entities.Product, "update", """{"name": {"before": "A", "after": "B"}, "unit_price": {"before": 1.00, "after": 2.00}}""");

        Assert.Equal(["name"], Revertibility.Restorable(both, Revertibility.Rules[Entities.Product]).Select(c => c.Column));
        Assert.NotNull(Revertibility.Refusal(Entry(Entities.Product, "update", """{"unit_price": {"before": 1.00, "after": 2.00}, "version": {"before": 1, "after": 2}}""")));
    }

    [Fact]
    public void Secrets_cannot_be_reverted_and_a_deleted_user_cannot_be_recreated()
    {
        Assert.Equal(Revertibility.SecretMessage, Revertibility.Refusal(Entry(Entities.User, "update",
            """{"password_hash": {"changed": true}, "security_stamp": {"changed": true}, "version": {"before": 1, "after": 2}}""")));
        Assert.Contains("cannot be recreated", Revertibility.Refusal(Entry(Entities.User, "delete", """{"email": {"before": "a@b.c"}}""")));
    }

    [Fact]
    public void Every_revertible_column_is_an_audited_column_and_no_audited_table_has_the_revert_pointer_as_a_column()
    {
        foreach (var rule in Revertibility.Rules.Values)
        {
            Assert.All(rule.Columns, c => Assert.Equal(AuditKind.Audited, rule.Table.Columns[c]));
            Assert.All(rule.Unique, c => Assert.Contains(c, rule.Columns));
        }
        Assert.DoesNotContain(AuditSchema.Tables, t => t.Columns.ContainsKey(AuditTriggers.RevertOfKey));
    }
}
