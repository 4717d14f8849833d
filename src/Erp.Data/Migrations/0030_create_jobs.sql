-- Durable background jobs (docs/adr/0011-durable-jobs.md). A row is inserted in the business
-- transaction that asks for the work (outbox) and claimed by workers with FOR UPDATE SKIP LOCKED.
-- Infrastructure, not business data: no change list, no audit.
--   ix_jobs_claim    serves the claim (status = 'pending' AND run_at <= now ORDER BY run_at, id) and the
--                    oldest-pending figure; without it SKIP LOCKED would lock every row it scans.
--   ix_jobs_lease    finds running jobs whose lease expired.
--   ix_jobs_status   /admin/jobs filtered by status, newest first (keyset on id).
--   ix_jobs_type     /admin/jobs filtered by type, newest first.
--   ix_jobs_finished the retention purge.
CREATE TABLE jobs (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    type             VARCHAR(40)   NOT NULL,
    payload          JSON          NOT NULL,
    status           VARCHAR(12)   NOT NULL,
    attempts         INT           NOT NULL DEFAULT 0,
    max_attempts     INT           NOT NULL,
    run_at           DATETIME(6)   NOT NULL,
    locked_by        VARCHAR(100)  NULL,
    locked_until     DATETIME(6)   NULL,
    last_error       TEXT          NULL,
    idempotency_key  VARCHAR(200)  NULL,
    enqueued_by      VARCHAR(200)  NULL,
    created_at       DATETIME(6)   NOT NULL,
    started_at       DATETIME(6)   NULL,
    finished_at      DATETIME(6)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_jobs_idempotency_key (idempotency_key),
    KEY ix_jobs_claim (status, run_at, id),
    KEY ix_jobs_lease (status, locked_until),
    KEY ix_jobs_status (status, id),
    KEY ix_jobs_type (type, id),
    KEY ix_jobs_finished (finished_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
