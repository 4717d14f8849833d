-- One row per gapless business number series (e.g. 'invoice-2026'); rows are locked with
-- SELECT ... FOR UPDATE inside the transaction that uses the number.
CREATE TABLE number_sequences (
    name        VARCHAR(40) NOT NULL,
    next_value  BIGINT      NOT NULL,
    PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
