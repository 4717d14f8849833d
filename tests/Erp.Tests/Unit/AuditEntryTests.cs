using Erp.Data.Audit;

namespace Erp.Tests.Unit;

/// <summary>The audit read model: the changes JSON as the triggers write it, and the one masking rule.</summary>
public sealed class AuditEntryTests
{
    private static AuditEntry Entry(string entity, string action, string json) =>
        new(1, new DateTime(2026, 11, 26, 10, 0, 0), 7, "Alice", "erp@localhost", null, null, entity, 42, action, true,
            AuditEntry.ParseChanges(entity, json));

    [Fact]
    public void An_update_reads_before_and_after_per_column_and_a_secret_only_as_changed()
    {
        var entry = Entry("user", "update", """
            {"display_name": {"before": "Al", "after": "Alice"}, "password_hash":{"changed":true}, "version": {"before": 1, "after": 2}}
            """);

        Assert.Equal(
            [
                new AuditChange("display_name", "Al", "Alice", AuditChangeKind.Value),
                new AuditChange("password_hash", null, null, AuditChangeKind.Secret),
                new AuditChange("version", "1", "2", AuditChangeKind.Value),
            ], entry.Changes);
    }

    [Fact]
    public void Insert_and_delete_have_one_side_and_numbers_keep_their_stored_text()
    {
        Assert.Equal(new AuditChange("credit_limit", null, "1234.50", AuditChangeKind.Value),
            Assert.Single(Entry("customer", "insert", """{"credit_limit": {"after": 1234.50}}""").Changes));
        Assert.Equal(new AuditChange("name", "Acme", null, AuditChangeKind.Value),
            Assert.Single(Entry("customer", "delete", """{"name": {"before": "Acme"}}""").Changes));
    }

    [Fact]
    public void Event_details_are_after_values_and_nested_json_stays_json()
    {
        var entry = Entry("export", "export_run", """{"list": "orders", "rows": 12, "query": {"status": "shipped"}}""");

        Assert.True(entry.IsEvent);
        Assert.Equal(["orders", "12", """{"status": "shipped"}"""], entry.Changes.Select(c => c.After));
    }

    [Fact]
    public void Personal_values_are_masked_for_a_reader_who_may_not_see_them_and_clear_for_one_who_may()
    {
        var entry = Entry("customer", "update", """
            {"email": {"before": "old@example.com", "after": "new@example.com"}, "phone": {"before": null, "after": "+49 30 1234"}, "name": {"before": "A", "after": "B"}}
            """);

        var masked = entry.MaskedFor(canSeePersonal: false);
        var clear = entry.MaskedFor(canSeePersonal: true);

        Assert.Equal(
            [
                new AuditChange("email", AuditPersonalData.Mask, AuditPersonalData.Mask, AuditChangeKind.Masked),
                new AuditChange("phone", null, AuditPersonalData.Mask, AuditChangeKind.Masked),
                new AuditChange("name", "A", "B", AuditChangeKind.Value),
            ], masked.Changes);
        Assert.Equal(["old@example.com", "new@example.com"], [clear.Changes[0].Before!, clear.Changes[0].After!]);
        Assert.Equal(AuditChangeKind.Personal, clear.Changes[0].Kind);
    }

    [Fact]
    public void A_column_is_personal_only_on_the_entity_that_declares_it()
    {
        // An order has no e-mail column; a product's name is not personal; a user's e-mail is.
        Assert.Equal(AuditChangeKind.Value, Assert.Single(Entry("product", "insert", """{"email": {"after": "x"}}""").Changes).Kind);
        Assert.Equal(AuditChangeKind.Personal, Assert.Single(Entry("user", "sign_in_failed", """{"email": "x@y.z"}""").Changes).Kind);
    }

    [Fact]
    public void The_address_an_invoice_was_e_mailed_to_is_personal_and_masked_for_employees()
    {
        var entry = Entry("invoice", "invoice_emailed", """{"recipient": "buyer@example.com", "attempt": 1}""");

        var masked = entry.MaskedFor(canSeePersonal: false);

        Assert.Equal(AuditChangeKind.Masked, Assert.Single(masked.Changes, c => c.Column == "recipient").Kind);
        Assert.Equal(AuditChangeKind.Personal, Assert.Single(entry.MaskedFor(canSeePersonal: true).Changes, c => c.Column == "recipient").Kind);
        Assert.DoesNotContain(masked.Changes, c => c.After == "buyer@example.com" || c.Before == "buyer@example.com");
    }
}
