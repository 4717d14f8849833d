CREATE INDEX ix_audit_log_action ON audit_log (action, occurred_at, id);
