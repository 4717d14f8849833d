CREATE INDEX ix_audit_log_actor_entity ON audit_log (actor_id, entity, occurred_at, id);
