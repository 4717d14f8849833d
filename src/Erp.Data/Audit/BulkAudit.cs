using Dapper;
using MySqlConnector;

namespace Erp.Data.Audit;

/// <summary>
/// Audit rows for a bulk load that ran with the triggers suspended (the demo seed, ADR 0012): per table one
/// INSERT ... SELECT with the triggers' own JSON, written already sealed: seq and hash are chained in the same
/// statement, in id order, continuing the chain. Sealing millions of rows afterwards one UPDATE at a time would
/// break the seed's time budget. Needs a connection that allows user variables (the owner's DDL connection).
/// </summary>
public static class BulkAudit
{
    private const string SealLock = "CONCAT('erp_audit_seal:', DATABASE())";

    /// <summary>
    /// Holds the sealer's lock for the whole write, after sealing what is already there, so no sealer interleaves.
    /// Returns the number of audit rows written. Run inside <paramref name="transaction"/>: they commit with it.
    /// </summary>
    public static async Task<long> WriteSealedInsertsAsync(MySqlConnection connection, MySqlTransaction transaction,
        IEnumerable<AuditedTable> tables, string actor, CancellationToken ct)
    {
        if (await connection.ExecuteScalarAsync<int?>(new CommandDefinition($"SELECT GET_LOCK({SealLock}, 60)", transaction: transaction, cancellationToken: ct)) != 1)
        {
            throw new InvalidOperationException("The audit sealer's lock was not free within 60 s.");
        }
        try
        {
            while (await connection.ExecuteScalarAsync<long>(new CommandDefinition($"CALL {AuditTriggers.SealProcedure}(100000)",
                       transaction: transaction, commandTimeout: 0, cancellationToken: ct)) == 100000)
            {
            }
            await connection.ExecuteAsync(new CommandDefinition("""
                SELECT COALESCE(MAX(seq), 0), GREATEST(COALESCE(MAX(id), 0), COALESCE(MAX(seq), 0)) INTO @erp_bulk_seq, @erp_bulk_id FROM audit_log;
                SET @erp_bulk_hash = COALESCE((SELECT hash FROM audit_log WHERE seq = @erp_bulk_seq), REPEAT('0', 64)),
                    @erp_bulk_at = UTC_TIMESTAMP(6);
                """, transaction: transaction, cancellationToken: ct));
            long written = 0;
            var values = new Dictionary<string, string>
            {
                ["id"] = "@erp_bulk_id", ["occurred_at"] = "@erp_bulk_at", ["actor_id"] = "NULL", ["actor_name"] = "@actor",
                ["db_user"] = "USER()", ["client_ip"] = "NULL", ["trace_id"] = "NULL", ["entity_id"] = "t.id",
                ["action"] = "'insert'", ["changes"] = "@erp_bulk_json",
            };
            foreach (var table in tables)
            {
                values["entity"] = $"'{table.Entity}'";
                // Select-list assignments run left to right, row by row in id order: id, changes, seq, then the hash over them.
                written += await connection.ExecuteAsync(new CommandDefinition($"""
                    INSERT INTO audit_log (id, occurred_at, actor_id, actor_name, db_user, client_ip, trace_id, entity, entity_id, action,
                                           changes, seq, hash, sealed_at)
                    SELECT (@erp_bulk_id := @erp_bulk_id + 1), @erp_bulk_at, NULL, @actor, USER(), NULL, NULL, '{table.Entity}', t.id, 'insert',
                           (@erp_bulk_json := {AuditTriggers.RowJson(table, "t", "after")}),
                           (@erp_bulk_seq := @erp_bulk_seq + 1),
                           (@erp_bulk_hash := SHA2(CONCAT(@erp_bulk_hash, {AuditTriggers.CanonicalSql("@erp_bulk_seq", values)}), 256)),
                           @erp_bulk_at
                    FROM {table.Table} t
                    ORDER BY t.id
                    """, new { actor }, transaction, commandTimeout: 0, cancellationToken: ct));
            }
            return written;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition($"DO RELEASE_LOCK({SealLock})", transaction: transaction, cancellationToken: CancellationToken.None));
        }
    }
}
