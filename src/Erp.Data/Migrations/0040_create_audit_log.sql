-- The audit trail (ADR 0012): one row per insert, update or delete of a business row, written by
-- triggers generated from src/Erp.Data/Audit/AuditSchema.cs in the writing transaction. seq and hash
-- are set later by the sealer (the audit_seal procedure): the hash chain runs in seq order.
CREATE TABLE audit_log (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    occurred_at  DATETIME(6)  NOT NULL,
    actor_id     BIGINT       NULL,
    actor_name   VARCHAR(254) NOT NULL,
    db_user      VARCHAR(400) NOT NULL,
    client_ip    VARCHAR(45)  NULL,
    trace_id     VARCHAR(64)  NULL,
    entity       VARCHAR(30)  NOT NULL,
    entity_id    BIGINT       NULL,
    action       VARCHAR(30)  NOT NULL,
    changes      JSON         NULL,
    seq          BIGINT       NULL,
    hash         CHAR(64)     NULL,
    sealed_at    DATETIME(6)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_audit_log_seq (seq),
    KEY ix_audit_log_entity (entity, entity_id, id),
    KEY ix_audit_log_time (occurred_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
