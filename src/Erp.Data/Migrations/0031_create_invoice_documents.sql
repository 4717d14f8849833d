-- An invoice's rendered PDF, one per invoice, written by the invoice-pdf job together with the job's
-- completion (docs/adr/0011-durable-jobs.md). Rendered from the invoice's own snapshot, so it never changes.
CREATE TABLE invoice_documents (
    invoice_id    BIGINT       NOT NULL,
    content_type  VARCHAR(100) NOT NULL,
    content       LONGBLOB     NOT NULL,
    sha256        CHAR(64)     NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (invoice_id),
    CONSTRAINT fk_invoice_documents_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
