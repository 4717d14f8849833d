-- Small operational tables: persisted data-protection keys (so restarts and other nodes keep
-- users signed in) and seed markers (a seed that crashed halfway has no marker).
CREATE TABLE data_protection_keys (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    friendly_name VARCHAR(200) NOT NULL,
    xml         TEXT          NOT NULL,
    created_at  DATETIME(6)   NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE seed_runs (
    name          VARCHAR(40) NOT NULL,
    orders        INT         NOT NULL,
    completed_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
