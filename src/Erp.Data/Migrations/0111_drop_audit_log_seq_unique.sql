-- See 0110: ix_audit_log_seq replaces the unique index on seq.
ALTER TABLE audit_log DROP INDEX ux_audit_log_seq;
