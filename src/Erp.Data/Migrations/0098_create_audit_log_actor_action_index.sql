-- /admin/audit filtered by actor and action (ADR 0017): without it, "what did this account do of kind X" read the
-- actor's whole history row by row when X is rare (an integration account with millions of entries).
CREATE INDEX ix_audit_log_actor_action ON audit_log (actor_id, action, occurred_at, id);
