-- Billing address of a customer; invoices copy it when they are issued (ADR 0007).
ALTER TABLE customers
    ADD COLUMN address      VARCHAR(200) NULL,
    ADD COLUMN postal_code  VARCHAR(20)  NULL,
    ADD COLUMN city         VARCHAR(100) NULL;
