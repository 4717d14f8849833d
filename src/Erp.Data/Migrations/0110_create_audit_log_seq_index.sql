-- The chain position, indexed without uniqueness (ADR 0012, update 2026-11-26). With the unique index, sealing a
-- row (seq NULL -> n) ran a duplicate check that waited for every open writing transaction's unsealed row, so one
-- long transaction stalled the sealer, and the sealer's locks in turn held up writers. Made before the unique index
-- is dropped (0111), so seq is never unindexed. One sealer at a time (audit_seal's lock) keeps seq unique, and the
-- verifier names a repeated or missing seq.
CREATE INDEX ix_audit_log_seq ON audit_log (seq);
