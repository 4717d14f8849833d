using System.Security.Cryptography;
using System.Text;

namespace Erp.Data.Audit;

/// <summary>One generated database object of the audit trail: a trigger or a procedure.</summary>
public sealed record AuditObject(string Name, string Kind, string Sql);

/// <summary>
/// Generates, from <see cref="AuditSchema"/>, everything the database runs for the audit trail (ADR 0012):
/// <list type="bullet">
/// <item>per audited table an AFTER INSERT, UPDATE and DELETE trigger that writes one audit_log row in the
/// writing transaction, with actor, IP and trace id from the session variables <c>audit_context</c> sets, or
/// the database user when nobody set them (a change from a SQL console);</item>
/// <item><c>audit_context</c>, the procedure the unit of work calls at the start of each transaction
/// (a procedure, so the application's connections need no <c>AllowUserVariables</c>);</item>
/// <item><c>audit_seal</c>, which chains committed rows: seq and SHA-256(previous hash || canonical row);</item>
/// <item>guards on audit_log: a sealed row never changes, sealing changes nothing but the seal, no row is deleted.</item>
/// </list>
/// Every statement is a single <c>CREATE OR REPLACE</c>: re-applying never leaves a moment without auditing.
/// </summary>
public static class AuditTriggers
{
    public const string ContextProcedure = "audit_context";
    public const string SealProcedure = "audit_seal";
    public const string RevertProcedure = "audit_revert";

    /// <summary>The key of a revert row's <c>changes</c> that points at the entry it reverts (no audited table has such a column).</summary>
    public const string RevertOfKey = "revert_of";

    /// <summary>The chain's start: the "previous hash" of the first sealed row.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The columns every trigger fills; seq, hash and sealed_at are the sealer's.</summary>
    private const string Header = "occurred_at, actor_id, actor_name, db_user, client_ip, trace_id, entity, entity_id, action, changes";

    public static IReadOnlyList<AuditObject> All { get; } = Build();

    /// <summary>Checksum of every generated statement: the migrator re-applies them when it changes (schema_repeatables).</summary>
    public static string Checksum { get; } = Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n;\n", All.Select(o => o.Sql)))));

    public static IEnumerable<string> TriggerNames => All.Where(o => o.Kind == "TRIGGER").Select(o => o.Name);

    public static IEnumerable<string> BusinessTriggerNames =>
        AuditSchema.Tables.SelectMany(t => new[] { Name(t, "insert"), Name(t, "update"), Name(t, "delete") });

    private static string Name(AuditedTable table, string action) => $"audit_{table.Table}_{action}";

    private static List<AuditObject> Build()
    {
        var objects = new List<AuditObject>
        {
            new(ContextProcedure, "PROCEDURE", $"""
                CREATE OR REPLACE PROCEDURE {ContextProcedure}(p_actor_id BIGINT, p_actor_name VARCHAR(254), p_client_ip VARCHAR(45), p_trace_id VARCHAR(64))
                SET @erp_actor_id = p_actor_id, @erp_actor_name = p_actor_name, @erp_client_ip = p_client_ip, @erp_trace_id = p_trace_id,
                    @erp_revert_of = NULL
                """),
            // A revert's unit of work (ADR 0018) names the entry it reverts: the triggers then write action 'revert'
            // pointing at it. Only ever a label: it cannot skip auditing.
            new(RevertProcedure, "PROCEDURE", $"""
                CREATE OR REPLACE PROCEDURE {RevertProcedure}(p_entry BIGINT)
                SET @erp_revert_of = p_entry
                """),
            new(SealProcedure, "PROCEDURE", SealSql()),
            new("audit_log_guard_update", "TRIGGER", GuardUpdateSql()),
            new("audit_log_guard_delete", "TRIGGER", """
                CREATE OR REPLACE TRIGGER audit_log_guard_delete BEFORE DELETE ON audit_log FOR EACH ROW
                SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only: rows are never deleted'
                """),
        };
        foreach (var table in AuditSchema.Tables)
        {
            objects.Add(new(Name(table, "insert"), "TRIGGER", $"""
                CREATE OR REPLACE TRIGGER {Name(table, "insert")} AFTER INSERT ON {table.Table} FOR EACH ROW
                INSERT INTO audit_log ({Header})
                VALUES ({Who}, '{table.Entity}', NEW.id, {Action("insert")}, {RowJson(table, "NEW", "after", RevertOfMember)})
                """));
            objects.Add(new(Name(table, "update"), "TRIGGER", UpdateSql(table)));
            objects.Add(new(Name(table, "delete"), "TRIGGER", $"""
                CREATE OR REPLACE TRIGGER {Name(table, "delete")} AFTER DELETE ON {table.Table} FOR EACH ROW
                INSERT INTO audit_log ({Header})
                VALUES ({Who}, '{table.Entity}', OLD.id, 'delete', {RowJson(table, "OLD", "before")})
                """));
        }
        return objects;
    }

    /// <summary>When, who and from where: the session variables of audit_context, else the database user.</summary>
    private const string Who =
        "UTC_TIMESTAMP(6), @erp_actor_id, COALESCE(@erp_actor_name, USER()), USER(), @erp_client_ip, @erp_trace_id";

    /// <summary>The row's action: 'revert' while a revert's unit of work runs (audit_revert), else <paramref name="action"/>.</summary>
    private static string Action(string action) => $"IF(@erp_revert_of IS NULL, '{action}', 'revert')";

    /// <summary>In a revert, <c>"revert_of":id,</c> to open the row's JSON object with; else nothing.</summary>
    private const string RevertOfMember = $"IF(@erp_revert_of IS NULL, '', CONCAT('\"{RevertOfKey}\":', @erp_revert_of, ','))";

    /// <summary>
    /// The whole row as JSON text: <c>{"name":{"after":"Acme"},"password_hash":{"changed":true}}</c>.
    /// Also used by the seeder over a table alias, so its bulk audit rows equal what the triggers write.
    /// One flat <c>CONCAT</c> of literal name prefixes and one <c>JSON_OBJECT</c> per column: the server prepares a
    /// trigger's statement again on every row it fires for, so its cost grows with the number of SQL functions in it
    /// (ADR 0012, update 2026-11-26 evening).
    /// </summary>
    public static string RowJson(AuditedTable table, string row, string side) => RowJson(table, row, side, openWith: null);

    /// <param name="openWith">An expression placed right after the opening brace (a revert's <c>"revert_of":id,</c>).</param>
    private static string RowJson(AuditedTable table, string row, string side, string? openWith)
    {
        var pieces = new List<string> { Literal("{") };
        if (openWith is not null)
        {
            pieces.Add(openWith);
        }
        var first = true;
        foreach (var (column, kind) in table.Columns.Where(c => c.Value != AuditKind.Ignored))
        {
            var name = (first ? "" : ",") + $"\"{column}\":";
            first = false;
            if (kind == AuditKind.Secret)
            {
                pieces.Add(Literal(name + SecretValue));
            }
            else
            {
                pieces.Add(Literal(name));
                pieces.Add($"JSON_OBJECT('{side}', {row}.{column})");
            }
        }
        pieces.Add(Literal("}"));
        return $"CONCAT({string.Join(", ", MergeLiterals(pieces))})";
    }

    /// <summary>What a secret column's member holds instead of values.</summary>
    private const string SecretValue = "{\"changed\":true}";

    /// <summary>A SQL string literal of text without quotes or backslashes (column names, braces, commas).</summary>
    private static string Literal(string text) => $"'{text}'";

    /// <summary>Adjacent literals become one: fewer pieces for the server to prepare on every row.</summary>
    private static List<string> MergeLiterals(IEnumerable<string> pieces)
    {
        var merged = new List<string>();
        foreach (var piece in pieces)
        {
            if (IsLiteral(piece) && merged.Count > 0 && IsLiteral(merged[^1]))
            {
                merged[^1] = merged[^1][..^1] + piece[1..];
            }
            else
            {
                merged.Add(piece);
            }
        }
        return merged;
    }

    private static bool IsLiteral(string piece) => piece.Length >= 2 && piece[0] == '\'' && piece[^1] == '\'';

    private const string OpenBrace = "'{'", CloseBrace = "'}'";

    /// <summary>
    /// The update trigger: one comparison of every recorded column first (an update of ignored columns only, such as the
    /// stock counters on every confirmation, ends there), then per column an <c>IF</c> that appends its member only when
    /// it changed. The server prepares a stored program's statement only when it runs, so the <c>JSON_OBJECT</c> of an
    /// unchanged column costs nothing. Members are appended with a leading comma, dropped at the end: the text equals what
    /// one <c>CONCAT_WS</c> over every column's <c>IF</c> gave before (ADR 0012, update 2026-11-26 evening).
    /// </summary>
    private static string UpdateSql(AuditedTable table)
    {
        // Compared as bytes: the tables' collation is case- and accent-insensitive, and a change of case is a change.
        static string Same(string column) => $"BINARY OLD.{column} <=> BINARY NEW.{column}";
        var recorded = table.Columns.Where(c => c.Value != AuditKind.Ignored).ToList();
        var appends = string.Concat(recorded.Select(c =>
            $"\n        IF NOT ({Same(c.Key)}) THEN SET changed = CONCAT(changed, " + (c.Value == AuditKind.Secret
                ? Literal($",\"{c.Key}\":{SecretValue}") + "); END IF;"
                : Literal($",\"{c.Key}\":") + $", JSON_OBJECT('before', OLD.{c.Key}, 'after', NEW.{c.Key})); END IF;")));
        return $"""
            CREATE OR REPLACE TRIGGER {Name(table, "update")} AFTER UPDATE ON {table.Table} FOR EACH ROW
            IF NOT ({string.Join(" AND ", recorded.Select(c => Same(c.Key)))}) THEN
              BEGIN
                DECLARE changed LONGTEXT DEFAULT '';{appends}
                INSERT INTO audit_log ({Header})
                VALUES ({Who}, '{table.Entity}', NEW.id, {Action("update")}, CONCAT({OpenBrace}, {RevertOfMember}, SUBSTRING(changed, 2), {CloseBrace}));
              END;
            END IF
            """;
    }

    /// <summary>
    /// The canonical text of an audit row as stored, in a fixed field order, each field as
    /// <c>byte-length:value</c> or <c>-</c> for NULL, joined by <c>|</c>. <see cref="AuditChain.Canonical"/> is the same in C#.
    /// </summary>
    public static string CanonicalSql(string seq, IReadOnlyDictionary<string, string>? values = null)
    {
        string F(string column)
        {
            var x = values?.GetValueOrDefault(column) ?? column;
            x = column == "occurred_at" ? $"DATE_FORMAT({x}, '%Y-%m-%d %H:%i:%s.%f')" : x;
            return $"IFNULL(CONCAT(LENGTH({x}), ':', {x}), '-')";
        }
        return $"CONCAT_WS('|', IFNULL(CONCAT(LENGTH({seq}), ':', {seq}), '-'), " + string.Join(", ",
            F("id"), F("occurred_at"), F("actor_id"), F("actor_name"), F("db_user"),
            F("client_ip"), F("trace_id"), F("entity"), F("entity_id"), F("action"), F("changes")) + ")";
    }

    /// <summary>
    /// Seals up to p_batch committed rows in id order, continuing the chain from the highest seq. Rows of
    /// transactions still open are not visible yet and get a later seq when they commit: the chain's order is
    /// the seal order (seq), not the id order, and ids lost to rollbacks leave no hole in it. One sealer at a
    /// time per database (GET_LOCK), so nodes never fork the chain.
    /// The UPDATE walks the primary key from the lowest unsealed id (read first, without locks) rather than the seq index:
    /// at the READ COMMITTED the sealer's connection uses (<see cref="AuditChain.OpenSealerConnectionAsync"/>), a
    /// clustered-index scan skips rows of transactions still open instead of waiting for them, and takes no gap locks
    /// where writers insert; through the seq index it waited for every open writing transaction.
    /// </summary>
    private static string SealSql() => $"""
        CREATE OR REPLACE PROCEDURE {SealProcedure}(p_batch INT)
        BEGIN
          DECLARE sealed INT DEFAULT 0;
          DECLARE EXIT HANDLER FOR SQLEXCEPTION
          BEGIN
            DO RELEASE_LOCK(CONCAT('erp_audit_seal:', DATABASE()));
            RESIGNAL;
          END;
          IF GET_LOCK(CONCAT('erp_audit_seal:', DATABASE()), 10) = 1 THEN
            SELECT COALESCE(MAX(seq), 0) INTO @erp_seal_seq FROM audit_log;
            SET @erp_seal_hash = COALESCE((SELECT hash FROM audit_log WHERE seq = @erp_seal_seq), '{Genesis}');
            SET @erp_seal_from = (SELECT MIN(id) FROM audit_log WHERE seq IS NULL);
            UPDATE audit_log FORCE INDEX (PRIMARY)
            SET seq = (@erp_seal_seq := @erp_seal_seq + 1),
                hash = (@erp_seal_hash := SHA2(CONCAT(@erp_seal_hash, {CanonicalSql("@erp_seal_seq")}), 256)),
                sealed_at = UTC_TIMESTAMP(6)
            WHERE id >= @erp_seal_from AND seq IS NULL
            ORDER BY id
            LIMIT p_batch;
            SET sealed = ROW_COUNT();
            DO RELEASE_LOCK(CONCAT('erp_audit_seal:', DATABASE()));
          END IF;
          SELECT sealed;
        END
        """;

    private static string GuardUpdateSql()
    {
        // Text is compared as bytes (case-insensitive collations; even a _bin collation ignores trailing spaces); numbers and
        // times compare exactly as they are. The trigger runs for every row the sealer seals, and each BINARY is work.
        var text = new[] { "actor_name", "db_user", "client_ip", "trace_id", "entity", "action", "changes" };
        var exact = new[] { "id", "occurred_at", "actor_id", "entity_id" };
        var unchanged = string.Join(" AND ", exact.Select(c => $"NEW.{c} <=> OLD.{c}").Concat(text.Select(c => $"BINARY NEW.{c} <=> BINARY OLD.{c}")));
        return $"""
            CREATE OR REPLACE TRIGGER audit_log_guard_update BEFORE UPDATE ON audit_log FOR EACH ROW
            IF OLD.seq IS NOT NULL OR NEW.seq IS NULL OR NEW.hash IS NULL OR NOT ({unchanged}) THEN
              SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only: a sealed row never changes, and sealing sets only seq, hash and sealed_at';
            END IF
            """;
    }
}
