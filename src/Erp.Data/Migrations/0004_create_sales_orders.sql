CREATE TABLE sales_orders (
    id           BIGINT        NOT NULL AUTO_INCREMENT,
    customer_id  BIGINT        NOT NULL,
    status       VARCHAR(12)   NOT NULL DEFAULT 'draft',
    order_date   DATETIME(6)   NOT NULL,
    total        DECIMAL(14,2) NOT NULL DEFAULT 0,
    created_at   DATETIME(6)   NOT NULL,
    updated_at   DATETIME(6)   NOT NULL,
    version      INT           NOT NULL DEFAULT 1,
    PRIMARY KEY (id),
    KEY ix_orders_date (order_date, id),
    KEY ix_orders_status_date (status, order_date, id),
    KEY ix_orders_customer_date (customer_id, order_date, id),
    KEY ix_orders_total (total, id),
    KEY ix_orders_status_total (status, total, id),
    KEY ix_orders_customer_total (customer_id, total, id),
    CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
    CONSTRAINT ck_orders_status CHECK (status IN ('draft', 'confirmed', 'shipped', 'invoiced', 'cancelled'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
