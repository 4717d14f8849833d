-- Every change to a product's on-hand or reserved quantity, with the quantities after it.
-- products.on_hand / products.reserved are the running totals, kept by the same statements.
CREATE TABLE stock_movements (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    product_id     BIGINT        NOT NULL,
    kind           VARCHAR(12)   NOT NULL,
    quantity       INT           NOT NULL,
    on_hand_after  INT           NOT NULL,
    reserved_after INT           NOT NULL,
    order_id       BIGINT        NULL,
    reason         VARCHAR(200)  NULL,
    created_at     DATETIME(6)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_stock_movements_product (product_id, id),
    KEY ix_stock_movements_order (order_id),
    CONSTRAINT fk_stock_movements_product FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT ck_stock_movements_kind CHECK (kind IN ('opening', 'adjustment', 'reservation', 'release', 'shipment'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
