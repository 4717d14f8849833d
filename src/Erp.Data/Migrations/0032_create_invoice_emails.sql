-- One row per "Send by e-mail" request: its stable Message-ID (a retried send carries the same one)
-- and when it was sent, recorded together with the invoice-email job's completion (ADR 0011).
CREATE TABLE invoice_emails (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    invoice_id    BIGINT       NOT NULL,
    message_id    VARCHAR(200) NOT NULL,
    recipient     VARCHAR(254) NOT NULL,
    requested_by  VARCHAR(200) NULL,
    requested_at  DATETIME(6)  NOT NULL,
    sent_at       DATETIME(6)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_invoice_emails_message_id (message_id),
    KEY ix_invoice_emails_invoice (invoice_id, id),
    CONSTRAINT fk_invoice_emails_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
