CREATE INDEX ix_audit_log_record ON audit_log (entity, entity_id, occurred_at, id);
