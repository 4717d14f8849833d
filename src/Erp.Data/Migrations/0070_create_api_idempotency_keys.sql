-- Idempotency keys of API POSTs (ADR 0015): per user, the hash of the request and its first answer,
-- kept 24 hours. Not business data: no audit, no change list. A NULL status_code is a request in flight.
CREATE TABLE api_idempotency_keys (
    user_id          BIGINT        NOT NULL,
    idempotency_key  VARCHAR(255)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    request_hash     BINARY(32)    NOT NULL,
    status_code      SMALLINT      NULL,
    content_type     VARCHAR(100)  NULL,
    location         VARCHAR(500)  NULL,
    etag             VARCHAR(100)  NULL,
    response_body    MEDIUMTEXT    NULL,
    created_at       DATETIME(6)   NOT NULL,
    completed_at     DATETIME(6)   NULL,
    PRIMARY KEY (user_id, idempotency_key),
    KEY ix_api_idempotency_keys_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
