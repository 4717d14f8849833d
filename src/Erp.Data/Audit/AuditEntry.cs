using System.Text.Json;

namespace Erp.Data.Audit;

/// <summary>What one line of a diff is.</summary>
public enum AuditChangeKind
{
    /// <summary>A recorded value (before, after or both).</summary>
    Value,
    /// <summary>A value of a personal column (<see cref="AuditPersonalData"/>), shown only to whoever may see personal data.</summary>
    Personal,
    /// <summary>A personal value replaced by <see cref="AuditPersonalData.Mask"/> for this reader.</summary>
    Masked,
    /// <summary>A secret column (password hash, security stamp): the trail stores only that it was set or changed.</summary>
    Secret,
}

/// <summary>
/// One column of an audit row's <c>changes</c>: insert rows have only <see cref="After"/>, deletes only
/// <see cref="Before"/>, updates both (a SQL NULL is null too: read the entry's action to tell them apart). An event's
/// details (<c>export_run</c>'s list and rows) come as <see cref="After"/> values. Values are the stored text: numbers
/// as written (<c>1234.50</c>), times as <c>2026-11-26 10:00:00.000000</c> UTC, nested JSON as JSON.
/// </summary>
public sealed record AuditChange(string Column, string? Before, string? After, AuditChangeKind Kind)
{
    /// <summary>What a secret column shows instead of its values.</summary>
    public const string SecretText = "changed";
}

/// <summary>
/// One audit_log row as readers see it (ADR 0012 records it, docs/adr/0017-audit-reading.md reads it): who, when,
/// from where, which row, what happened, whether the hash chain covers it yet, and its changes parsed from the JSON.
/// Pages never show an entry as read: they show <see cref="MaskedFor"/> of it.
/// </summary>
public sealed record AuditEntry(
    long Id,
    DateTime OccurredAt,
    long? ActorId,
    string ActorName,
    string DbUser,
    string? ClientIp,
    string? TraceId,
    string Entity,
    long? EntityId,
    string Action,
    bool Sealed,
    IReadOnlyList<AuditChange> Changes)
{
    /// <summary>Row actions written by the triggers; anything else is a business event (sign_in, export_run ...).</summary>
    public static readonly IReadOnlySet<string> RowActions = new HashSet<string> { "insert", "update", "delete", "revert" };

    public bool IsEvent => !RowActions.Contains(Action);

    /// <summary>
    /// The one masking rule: the entry as a reader who may (admins) or may not see personal data sees it. Personal
    /// values become <see cref="AuditPersonalData.Mask"/> (a value that was NULL stays empty: "no e-mail" is not personal).
    /// </summary>
    public AuditEntry MaskedFor(bool canSeePersonal) =>
        canSeePersonal || !Changes.Any(c => c.Kind == AuditChangeKind.Personal)
            ? this
            : this with
            {
                Changes = [.. Changes.Select(c => c.Kind != AuditChangeKind.Personal ? c : c with
                {
                    Before = c.Before is null ? null : AuditPersonalData.Mask,
                    After = c.After is null ? null : AuditPersonalData.Mask,
                    Kind = AuditChangeKind.Masked,
                })],
            };

    /// <summary>
    /// The <c>changes</c> JSON as the triggers write it (<c>{"col":{"before":a,"after":b}}</c>, secrets
    /// <c>{"col":{"changed":true}}</c>) or an event's details (any other value), in the stored order.
    /// </summary>
    public static IReadOnlyList<AuditChange> ParseChanges(string entity, string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return [new AuditChange("details", null, Text(document.RootElement), AuditChangeKind.Value)];
        }
        var changes = new List<AuditChange>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value;
            var personal = AuditPersonalData.IsPersonal(entity, property.Name) ? AuditChangeKind.Personal : AuditChangeKind.Value;
            if (IsSecretMarker(value))
            {
                changes.Add(new AuditChange(property.Name, null, null, AuditChangeKind.Secret));
            }
            else if (IsBeforeAfter(value))
            {
                changes.Add(new AuditChange(property.Name,
                    value.TryGetProperty("before", out var before) ? Text(before) : null,
                    value.TryGetProperty("after", out var after) ? Text(after) : null, personal));
            }
            else
            {
                changes.Add(new AuditChange(property.Name, null, Text(value), personal));
            }
        }
        return changes;
    }

    private static bool IsSecretMarker(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Count() == 1
        && value.TryGetProperty("changed", out var changed) && changed.ValueKind == JsonValueKind.True;

    private static bool IsBeforeAfter(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any()
        && value.EnumerateObject().All(p => p.Name is "before" or "after");

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => value.GetRawText(),
    };
}
