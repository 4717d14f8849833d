CREATE TABLE customers (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    code          VARCHAR(20)   NOT NULL,
    name          VARCHAR(200)  NOT NULL,
    email         VARCHAR(254)  NULL,
    phone         VARCHAR(40)   NULL,
    country       VARCHAR(60)   NULL,
    credit_limit  DECIMAL(14,2) NOT NULL DEFAULT 0,
    created_at    DATETIME(6)   NOT NULL,
    updated_at    DATETIME(6)   NOT NULL,
    version       INT           NOT NULL DEFAULT 1,
    PRIMARY KEY (id),
    UNIQUE KEY ux_customers_code (code),
    KEY ix_customers_name (name, id),
    CONSTRAINT ck_customers_credit_limit CHECK (credit_limit >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
