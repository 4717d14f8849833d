CREATE INDEX ix_audit_log_entity_time ON audit_log (entity, occurred_at, id);
