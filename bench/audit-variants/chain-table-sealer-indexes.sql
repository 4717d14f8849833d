-- Variant for ERP_BENCH_AUDIT_VARIANT: option 2 of ADR 0012's update "night", write path and sealer only. audit_log keeps
-- its primary key only; the sealer chains committed rows by inserting them, in batches, into a chain table that also
-- carries the list keys and every list index of ADR 0017 (seq unique, time, actor, entity, entity+action, action,
-- record, parent, actor+entity, actor+action). No gap bookkeeping and no reading side: what the writers and the
-- sealer would cost, not a finished design.
ALTER TABLE audit_log DROP INDEX ix_audit_log_actor, DROP INDEX ix_audit_log_entity_time, DROP INDEX ix_audit_log_entity_action, DROP INDEX ix_audit_log_action, DROP INDEX ix_audit_log_actor_entity, DROP INDEX ix_audit_log_actor_action, DROP INDEX ix_audit_log_seq, DROP INDEX ix_audit_log_time, DROP INDEX ix_audit_log_record, DROP INDEX ix_audit_log_parent
-- next
CREATE TABLE audit_chain (
    audit_id    BIGINT       NOT NULL,
    seq         BIGINT       NOT NULL,
    hash        CHAR(64)     NOT NULL,
    sealed_at   DATETIME(6)  NOT NULL,
    occurred_at DATETIME(6)  NOT NULL,
    actor_id    BIGINT       NULL,
    entity      VARCHAR(30)  NOT NULL,
    entity_id   BIGINT       NULL,
    action      VARCHAR(30)  NOT NULL,
    parent_id   BIGINT       NULL,
    PRIMARY KEY (audit_id),
    UNIQUE KEY ux_audit_chain_seq (seq),
    KEY ix_audit_chain_time (occurred_at, audit_id),
    KEY ix_audit_chain_actor (actor_id, occurred_at, audit_id),
    KEY ix_audit_chain_entity_time (entity, occurred_at, audit_id),
    KEY ix_audit_chain_entity_action (entity, action, occurred_at, audit_id),
    KEY ix_audit_chain_action (action, occurred_at, audit_id),
    KEY ix_audit_chain_record (entity, entity_id, occurred_at, audit_id),
    KEY ix_audit_chain_parent (entity, parent_id),
    KEY ix_audit_chain_actor_entity (actor_id, entity, occurred_at, audit_id),
    KEY ix_audit_chain_actor_action (actor_id, action, occurred_at, audit_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
-- next
CREATE OR REPLACE PROCEDURE audit_seal(p_batch INT)
BEGIN
  DECLARE sealed INT DEFAULT 0;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    DO RELEASE_LOCK(CONCAT('erp_audit_seal:', DATABASE()));
    RESIGNAL;
  END;
  IF GET_LOCK(CONCAT('erp_audit_seal:', DATABASE()), 10) = 1 THEN
    SELECT COALESCE(MAX(seq), 0), COALESCE(MAX(audit_id), 0) INTO @erp_seal_seq, @erp_seal_top FROM audit_chain;
    SET @erp_seal_hash = COALESCE((SELECT hash FROM audit_chain WHERE seq = @erp_seal_seq), REPEAT('0', 64));
    INSERT INTO audit_chain (audit_id, seq, hash, sealed_at, occurred_at, actor_id, entity, entity_id, action, parent_id)
    SELECT a.id, (@erp_seal_seq := @erp_seal_seq + 1),
           (@erp_seal_hash := SHA2(CONCAT(@erp_seal_hash, CONCAT_WS('|', IFNULL(CONCAT(LENGTH(@erp_seal_seq), ':', @erp_seal_seq), '-'), IFNULL(CONCAT(LENGTH(a.id), ':', a.id), '-'), IFNULL(CONCAT(LENGTH(DATE_FORMAT(a.occurred_at, '%Y-%m-%d %H:%i:%s.%f')), ':', DATE_FORMAT(a.occurred_at, '%Y-%m-%d %H:%i:%s.%f')), '-'), IFNULL(CONCAT(LENGTH(a.actor_id), ':', a.actor_id), '-'), IFNULL(CONCAT(LENGTH(a.actor_name), ':', a.actor_name), '-'), IFNULL(CONCAT(LENGTH(a.db_user), ':', a.db_user), '-'), IFNULL(CONCAT(LENGTH(a.client_ip), ':', a.client_ip), '-'), IFNULL(CONCAT(LENGTH(a.trace_id), ':', a.trace_id), '-'), IFNULL(CONCAT(LENGTH(a.entity), ':', a.entity), '-'), IFNULL(CONCAT(LENGTH(a.entity_id), ':', a.entity_id), '-'), IFNULL(CONCAT(LENGTH(a.action), ':', a.action), '-'), IFNULL(CONCAT(LENGTH(a.changes), ':', a.changes), '-'))), 256)),
           UTC_TIMESTAMP(6), a.occurred_at, a.actor_id, a.entity, a.entity_id, a.action, a.parent_id
    FROM audit_log a
    WHERE a.id > @erp_seal_top
    ORDER BY a.id
    LIMIT p_batch;
    SET sealed = ROW_COUNT();
    DO RELEASE_LOCK(CONCAT('erp_audit_seal:', DATABASE()));
  END IF;
  SELECT sealed;
END
