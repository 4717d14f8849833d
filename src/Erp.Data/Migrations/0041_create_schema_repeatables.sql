-- Repeatable steps of the migrator (the generated audit triggers and procedures, ADR 0012): applied
-- again whenever their checksum changes. Kept apart from schema_migrations, so they never count as pending.
CREATE TABLE schema_repeatables (
    name        VARCHAR(100) NOT NULL,
    checksum    CHAR(64)     NOT NULL,
    built_for   INT          NOT NULL,
    applied_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
