-- ix_audit_log_record (entity, entity_id, occurred_at, id) serves every lookup (entity, entity_id, id) served, in the
-- order pages read; one index less for every audit row written.
DROP INDEX ix_audit_log_entity ON audit_log;
