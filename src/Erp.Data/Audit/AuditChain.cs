using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using MySqlConnector;

namespace Erp.Data.Audit;

/// <summary>What the verifier found: intact, or the first bad row, plus rows still unsealed after the threshold.</summary>
public sealed record AuditVerification(long Sealed, string? FirstBad, long StaleUnsealed, long? OldestStaleId)
{
    public bool Intact => FirstBad is null;

    /// <summary>The hash of the last intact sealed row (the genesis hash when none): published with chain_verified, it pins the chain's head.</summary>
    public string HeadHash { get; init; } = AuditTriggers.Genesis;
}

/// <summary>
/// The hash chain of audit_log (ADR 0012): <c>hash = SHA-256(previous hash || canonical row)</c> in seq order.
/// The database seals (the audit_seal procedure); this class seals on request and verifies independently in
/// C#, so a sealer and a verifier that disagree on the canonical bytes show up as a broken chain in tests.
/// </summary>
public sealed class AuditChain(MySqlDataSource dataSource)
{
    private sealed record Row(long Id, long Seq, DateTime OccurredAt, long? ActorId, string ActorName, string DbUser, string? ClientIp,
        string? TraceId, string Entity, long? EntityId, string Action, string? Changes, string Hash);

    /// <summary>Seals committed rows until none is left; returns how many it sealed.</summary>
    public async Task<long> SealAsync(CancellationToken ct, int batch = 5000)
    {
        long total = 0;
        await using var connection = await OpenSealerConnectionAsync(ct);
        while (true)
        {
            var sealedNow = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"CALL {AuditTriggers.SealProcedure}(@batch)", new { batch }, commandTimeout: 0, cancellationToken: ct));
            total += sealedNow;
            if (sealedNow < batch)
            {
                return total;
            }
        }
    }

    /// <summary>
    /// The sealer's connection. Its sealing UPDATE runs at READ COMMITTED: at the default REPEATABLE READ it would take
    /// next-key locks over the whole "seq IS NULL" range of ux_audit_log_seq, where every new audit row goes, so every
    /// writing transaction's audit insert waited until the sealing statement ended (every 2 s, up to 5,000 rows); and it
    /// would wait for any open writing transaction's uncommitted audit row. READ COMMITTED locks only the committed rows
    /// it seals and skips uncommitted ones (they are sealed once committed). The chain needs no more: one sealer at a
    /// time holds the seal lock, and each statement reads the committed head (ADR 0012). The pool resets the session.
    /// </summary>
    public async Task<MySqlConnection> OpenSealerConnectionAsync(CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", cancellationToken: ct));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Walks the chain from seq 1; names the first row whose seq or hash does not follow.</summary>
    public async Task<AuditVerification> VerifyAsync(TimeSpan unsealedThreshold, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var previous = AuditTriggers.Genesis;
        long expected = 1;
        string? bad = null;
        while (bad is null)
        {
            var rows = (await connection.QueryAsync<Row>(new CommandDefinition("""
                SELECT id, seq, occurred_at AS OccurredAt, actor_id AS ActorId, actor_name AS ActorName, db_user AS DbUser,
                       client_ip AS ClientIp, trace_id AS TraceId, entity, entity_id AS EntityId, action, changes, hash
                FROM audit_log WHERE seq >= @expected ORDER BY seq LIMIT 10000
                """, new { expected }, commandTimeout: 0, cancellationToken: ct))).ToList();
            foreach (var row in rows)
            {
                if (row.Seq != expected)
                {
                    bad = $"seq {expected} is missing (next sealed row: id {row.Id}, seq {row.Seq})";
                    break;
                }
                var hash = Hash(previous, row);
                if (!string.Equals(hash, row.Hash, StringComparison.Ordinal))
                {
                    bad = $"row id {row.Id} (seq {row.Seq}) does not match its hash";
                    break;
                }
                previous = hash;
                expected++;
            }
            if (rows.Count < 10000)
            {
                break;
            }
        }
        var (stale, oldest) = await connection.QuerySingleAsync<(long, long?)>(new CommandDefinition("""
            SELECT COUNT(*), MIN(id) FROM audit_log WHERE seq IS NULL AND occurred_at < UTC_TIMESTAMP(6) - INTERVAL @micros MICROSECOND
            """, new { micros = (long)(unsealedThreshold.TotalMilliseconds * 1000) }, cancellationToken: ct));
        return new AuditVerification(expected - 1, bad, stale, oldest) { HeadHash = previous };
    }

    private static string Hash(string previous, Row row) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previous + Canonical(row))));

    /// <summary>The same text as the audit_seal procedure builds (AuditTriggers.CanonicalSql): byte-length:value or '-' per field.</summary>
    private static string Canonical(Row r)
    {
        static string F(string? x) => x is null ? "-" : $"{Encoding.UTF8.GetByteCount(x)}:{x}";
        static string N(long? x) => F(x?.ToString(CultureInfo.InvariantCulture));
        return string.Join('|', N(r.Seq), N(r.Id), F(r.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)),
            N(r.ActorId), F(r.ActorName), F(r.DbUser), F(r.ClientIp), F(r.TraceId), F(r.Entity), N(r.EntityId), F(r.Action), F(r.Changes));
    }
}
