-- Rows a seed run has loaded per table, written in the same transaction as each batch: when a run
-- crashed, the tables must hold exactly these rows before the restart may clear them.
CREATE TABLE seed_loads (
    run          VARCHAR(40) NOT NULL,
    table_name   VARCHAR(64) NOT NULL,
    rows_loaded  BIGINT      NOT NULL,
    PRIMARY KEY (run, table_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
