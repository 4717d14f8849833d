CREATE INDEX ix_audit_log_entity_action ON audit_log (entity, action, occurred_at, id);
