-- What an issued invoice shows about its issuer and its customer, copied at invoicing (ADR 0007).
-- Nullable only because invoices issued before this migration are backfilled afterwards; invoices
-- issued before a company identity existed keep no company (none was configured then).
ALTER TABLE invoices
    ADD COLUMN company_name          VARCHAR(200) NULL,
    ADD COLUMN company_address       VARCHAR(500) NULL,
    ADD COLUMN customer_code         VARCHAR(20)  NULL,
    ADD COLUMN customer_name         VARCHAR(200) NULL,
    ADD COLUMN customer_address      VARCHAR(200) NULL,
    ADD COLUMN customer_postal_code  VARCHAR(20)  NULL,
    ADD COLUMN customer_city         VARCHAR(100) NULL,
    ADD COLUMN customer_country      VARCHAR(60)  NULL;
