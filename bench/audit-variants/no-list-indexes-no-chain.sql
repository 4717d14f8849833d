-- Variant for ERP_BENCH_AUDIT_VARIANT: the real trigger bodies with six of the eight list indexes of ADR 0017 dropped
-- (record and parent kept, and the time index of 0040), the seq index dropped, and nothing sealed: what keeping most
-- list indexes and the chain off the writing transaction could win, before the work the sealer would take on.
CREATE OR REPLACE PROCEDURE audit_seal(p_batch INT) SELECT 0
-- next
DROP INDEX ix_audit_log_actor ON audit_log
-- next
DROP INDEX ix_audit_log_entity_time ON audit_log
-- next
DROP INDEX ix_audit_log_entity_action ON audit_log
-- next
DROP INDEX ix_audit_log_action ON audit_log
-- next
DROP INDEX ix_audit_log_actor_entity ON audit_log
-- next
DROP INDEX ix_audit_log_actor_action ON audit_log
-- next
DROP INDEX ix_audit_log_seq ON audit_log
