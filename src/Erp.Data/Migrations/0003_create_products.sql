CREATE TABLE products (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    sku            VARCHAR(40)   NOT NULL,
    name           VARCHAR(200)  NOT NULL,
    unit_price     DECIMAL(14,2) NOT NULL,
    on_hand        INT           NOT NULL DEFAULT 0,
    reserved       INT           NOT NULL DEFAULT 0,
    reorder_level  INT           NOT NULL DEFAULT 0,
    created_at     DATETIME(6)   NOT NULL,
    updated_at     DATETIME(6)   NOT NULL,
    version        INT           NOT NULL DEFAULT 1,
    PRIMARY KEY (id),
    UNIQUE KEY ux_products_sku (sku),
    KEY ix_products_name (name, id),
    CONSTRAINT ck_products_unit_price CHECK (unit_price >= 0),
    CONSTRAINT ck_products_stock CHECK (on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
