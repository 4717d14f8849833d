using Dapper;
using Erp.Data.Infrastructure;
using Erp.Data.Users;
using MySqlConnector;

namespace Erp.Data.Audit;

public enum RevertOutcome
{
    Reverted,
    Recreated,
    NotFound,
    /// <summary>Not revertible at all (<see cref="Revertibility.Refusal"/>): a document, an event, an insert, a secret.</summary>
    Refused,
    /// <summary>The row moved on since the entry (or a unique value is taken, or a rule of the users forbids it).</summary>
    Conflict,
}

/// <summary>A column whose current value is not the entry's after value: what the entry expects, what the row holds.</summary>
public sealed record RevertConflict(string Column, string? Expected, string? Current);

public sealed record RevertResult(RevertOutcome Outcome, string Message, IReadOnlyList<RevertConflict> Conflicts)
{
    public bool Succeeded => Outcome is RevertOutcome.Reverted or RevertOutcome.Recreated;

    internal static RevertResult Refused(string message) => new(RevertOutcome.Refused, message, []);
    internal static RevertResult Conflict(string message, IReadOnlyList<RevertConflict>? conflicts = null) =>
        new(RevertOutcome.Conflict, message, conflicts ?? []);
}

/// <summary>
/// "Revert this change" (docs/adr/0018-business-events-verify-revert.md): puts an update's before values back, only
/// where the row still holds the entry's after values, or recreates a deleted row with its id. Through the write path:
/// version bumped, the change listed (cache), and the triggers write the audit rows with action 'revert' and
/// <c>"revert_of": entry id</c> (the unit of work calls audit_revert first). What may be reverted: <see cref="Revertibility"/>.
/// </summary>
public sealed class RevertStore(Db db, AuditReadStore entries)
{
    public async Task<RevertResult> RevertAsync(long entryId, long actorId, CancellationToken ct)
    {
        if (await entries.GetAsync(entryId, ct) is not { } entry)
        {
            return new RevertResult(RevertOutcome.NotFound, $"There is no audit entry #{entryId}.", []);
        }
        if (Revertibility.Refusal(entry) is { } refusal)
        {
            return RevertResult.Refused(refusal);
        }
        var rule = Revertibility.Rules[entry.Entity];
        var id = entry.EntityId!.Value;
        try
        {
            return await db.WriteAsync(async uow =>
            {
                await uow.ExecuteAsync($"CALL {AuditTriggers.RevertProcedure}(@entryId)", new { entryId }, ct);
                // Users: every active admin is locked before the target row, in the order UserStore's role changes use.
                var admins = entry.Entity == Entities.User ? await UserStore.LockActiveAdminsAsync(uow, ct) : [];
                var current = await uow.QuerySingleOrDefaultAsync<string>(
                    $"SELECT {AuditTriggers.RowJson(rule.Table, "t", "after")} FROM {rule.Table.Table} t WHERE t.id = @id FOR UPDATE", new { id }, ct);
                var result = entry.Action == AuditActions.Delete
                    ? await RecreateAsync(uow, entry, rule, id, current, ct)
                    : await RestoreAsync(uow, entry, rule, id, current, actorId, admins, ct);
                if (result.Succeeded)
                {
                    uow.Changed(entry.Entity, id);
                }
                else
                {
                    throw new Refused(result);
                }
                return result;
            }, ct);
        }
        catch (Refused refused)
        {
            return refused.Result; // rolled back: nothing written, nothing audited
        }
        catch (MySqlException e) when (UniqueKey.Violated(e) is not null)
        {
            // A unique value taken by a write that committed between our check and our statement.
            return RevertResult.Conflict($"A value this revert restores is now used by another {entry.Entity}; change that one first.");
        }
    }

    private sealed class Refused(RevertResult result) : Exception(result.Message)
    {
        public RevertResult Result { get; } = result;
    }

    private static async Task<RevertResult> RestoreAsync(UnitOfWork uow, AuditEntry entry, RevertRule rule, long id, string? currentJson,
        long actorId, IReadOnlyList<long> admins, CancellationToken ct)
    {
        if (currentJson is null)
        {
            return RevertResult.Conflict($"{Subject(entry)} no longer exists (deleted since): revert its deletion first.");
        }
        var current = AuditEntry.ParseChanges(entry.Entity, currentJson).ToDictionary(c => c.Column, c => c.After);
        var restore = Revertibility.Restorable(entry, rule);
        var moved = restore.Where(c => !string.Equals(current.GetValueOrDefault(c.Column), c.After, StringComparison.Ordinal))
            .Select(c => new RevertConflict(c.Column, c.After, current.GetValueOrDefault(c.Column))).ToList();
        if (moved.Count > 0)
        {
            return RevertResult.Conflict($"{Subject(entry)} changed since this entry: " +
                string.Join("; ", moved.Select(m => $"{m.Column} is now {Shown(m.Current)} (this entry left it {Shown(m.Expected)})")) +
                ". Nothing was reverted.", moved);
        }
        var values = restore.ToDictionary(c => c.Column, c => c.Before);
        if (await TakenAsync(uow, entry, rule, id, values, ct) is { } taken)
        {
            return taken;
        }
        var args = new DynamicParameters();
        args.Add("id", id);
        var set = new List<string>();
        foreach (var (column, i) in values.Keys.Select((c, i) => (c, i)))
        {
            set.Add($"{column} = @v{i}");
            args.Add($"v{i}", values[column]);
        }
        if (entry.Entity == Entities.User && values.TryGetValue("role", out var role) && role != current.GetValueOrDefault("role"))
        {
            if (id == actorId)
            {
                return RevertResult.Conflict("You cannot change your own role, also not by a revert.");
            }
            if (current.GetValueOrDefault("role") == Roles.Admin && current.GetValueOrDefault("disabled_at") is null && admins.All(a => a == id))
            {
                return RevertResult.Conflict("This is the last active admin: reverting would leave no admin. Make another user an admin first.");
            }
            set.Add("security_stamp = @stamp"); // a role change ends the user's other sessions (ADR 0006)
            args.Add("stamp", UserStore.NewStamp());
        }
        await uow.ExecuteAsync($"""
            UPDATE {rule.Table.Table} SET {string.Join(", ", set)}, updated_at = UTC_TIMESTAMP(6), version = version + 1 WHERE id = @id
            """, args, ct);
        if (entry.Entity == Entities.User && values.TryGetValue("role", out var restored) && restored != current.GetValueOrDefault("role"))
        {
            // A role change is a role change however it came about: the event readers filter by is written here too.
            await AuditEvents.WriteAsync(uow, new AuditEvent(Entities.User, id, AuditActions.RoleChanged,
                new { Before = current.GetValueOrDefault("role"), After = restored, RevertOf = entry.Id }), ct);
        }
        return new RevertResult(RevertOutcome.Reverted, $"Reverted entry #{entry.Id}: " +
            string.Join("; ", values.Select(v => $"{v.Key} is {Shown(v.Value)} again")) + ".", []);
    }

    private static async Task<RevertResult> RecreateAsync(UnitOfWork uow, AuditEntry entry, RevertRule rule, long id, string? currentJson,
        CancellationToken ct)
    {
        if (currentJson is not null)
        {
            return RevertResult.Conflict($"{Subject(entry)} exists again (recreated since): there is no deletion left to revert.");
        }
        // Every recorded column as it was when deleted; columns the trail does not record get the rule's defaults.
        var recorded = entry.Changes.Where(c => c.Kind != AuditChangeKind.Secret && rule.Table.Columns.GetValueOrDefault(c.Column) == AuditKind.Audited)
            .ToDictionary(c => c.Column, c => c.Before);
        if (await TakenAsync(uow, entry, rule, id, recorded, ct) is { } taken)
        {
            return taken;
        }
        var args = new DynamicParameters();
        args.Add("id", id);
        var columns = new List<string> { "id" };
        var values = new List<string> { "@id" };
        foreach (var (column, i) in recorded.Keys.Select((c, i) => (c, i)))
        {
            columns.Add(column);
            values.Add(column == "version" ? $"@v{i} + 1" : $"@v{i}");
            args.Add($"v{i}", recorded[column]);
        }
        foreach (var (column, sql) in rule.RecreateDefaults.Where(d => !recorded.ContainsKey(d.Key)))
        {
            columns.Add(column);
            values.Add(sql);
        }
        await uow.ExecuteAsync($"INSERT INTO {rule.Table.Table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", values)})", args, ct);
        return new RevertResult(RevertOutcome.Recreated, $"Reverted entry #{entry.Id}: {Subject(entry)} exists again with its values from before the deletion.", []);
    }

    /// <summary>A unique value (code, SKU) the revert would put back that another row holds now: a conflict that names it.</summary>
    private static async Task<RevertResult?> TakenAsync(UnitOfWork uow, AuditEntry entry, RevertRule rule, long id,
        IReadOnlyDictionary<string, string?> values, CancellationToken ct)
    {
        foreach (var column in rule.Unique.Where(values.ContainsKey))
        {
            var holder = await uow.QuerySingleOrDefaultAsync<long?>(
                $"SELECT id FROM {rule.Table.Table} WHERE {column} = @value AND id <> @id LIMIT 1", new { value = values[column], id }, ct);
            if (holder is { } other)
            {
                return RevertResult.Conflict($"{column} {Shown(values[column])} is now used by {entry.Entity} #{other}: change that one's {column} first. Nothing was reverted.",
                    [new RevertConflict(column, values[column], $"taken by {entry.Entity} #{other}")]);
            }
        }
        return null;
    }

    private static string Subject(AuditEntry entry) => $"{char.ToUpperInvariant(entry.Entity[0])}{entry.Entity[1..]} #{entry.EntityId}";

    private static string Shown(string? value) => value is null ? "empty" : $"\"{value}\"";
}
