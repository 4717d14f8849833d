-- Variant for ERP_BENCH_AUDIT_VARIANT: the real trigger bodies on an audit_log with its primary key only (every
-- secondary index dropped) and nothing sealed: the most that moving the chain and every list index out of the
-- writing transaction could win, before the work the sealer would take on instead.
CREATE OR REPLACE PROCEDURE audit_seal(p_batch INT) SELECT 0
-- next
ALTER TABLE audit_log DROP INDEX ix_audit_log_actor, DROP INDEX ix_audit_log_entity_time, DROP INDEX ix_audit_log_entity_action, DROP INDEX ix_audit_log_action, DROP INDEX ix_audit_log_actor_entity, DROP INDEX ix_audit_log_actor_action, DROP INDEX ix_audit_log_seq, DROP INDEX ix_audit_log_time, DROP INDEX ix_audit_log_record, DROP INDEX ix_audit_log_parent
