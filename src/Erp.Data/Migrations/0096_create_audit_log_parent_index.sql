CREATE INDEX ix_audit_log_parent ON audit_log (entity, parent_id);
