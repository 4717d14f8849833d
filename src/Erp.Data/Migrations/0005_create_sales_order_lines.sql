CREATE TABLE sales_order_lines (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    order_id    BIGINT        NOT NULL,
    line_no     INT           NOT NULL,
    product_id  BIGINT        NOT NULL,
    quantity    INT           NOT NULL,
    unit_price  DECIMAL(14,2) NOT NULL,
    line_total  DECIMAL(14,2) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_order_lines_order_line (order_id, line_no),
    KEY ix_order_lines_product (product_id),
    CONSTRAINT fk_order_lines_order FOREIGN KEY (order_id) REFERENCES sales_orders (id),
    CONSTRAINT fk_order_lines_product FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT ck_order_lines_quantity CHECK (quantity BETWEEN 1 AND 1000000),
    CONSTRAINT ck_order_lines_price CHECK (unit_price >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
