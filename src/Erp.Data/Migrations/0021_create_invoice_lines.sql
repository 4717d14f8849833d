-- The lines of an issued invoice, copied from the order and its products at invoicing (ADR 0007):
-- the invoice document reads these rows only, so renaming or repricing a product never changes it.
-- product_id says which product was sold; SKU and name are the ones printed.
CREATE TABLE invoice_lines (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    invoice_id    BIGINT        NOT NULL,
    line_no       INT           NOT NULL,
    product_id    BIGINT        NOT NULL,
    sku           VARCHAR(40)   NOT NULL,
    product_name  VARCHAR(200)  NOT NULL,
    quantity      INT           NOT NULL,
    unit_price    DECIMAL(14,2) NOT NULL,
    line_total    DECIMAL(14,2) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_invoice_lines_invoice_line (invoice_id, line_no),
    CONSTRAINT fk_invoice_lines_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
