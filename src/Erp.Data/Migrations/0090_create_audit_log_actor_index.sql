CREATE INDEX ix_audit_log_actor ON audit_log (actor_id, occurred_at, id);
