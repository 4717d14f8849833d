-- The order or invoice a line's audit row belongs to (docs/adr/0017-audit-reading.md): an order's history shows its
-- lines' changes. A line's insert row carries order_id/invoice_id as "after", its delete row as "before"; an update
-- row names it only if it changed. Virtual: computed from changes, stored only in ix_audit_log_parent.
ALTER TABLE audit_log ADD COLUMN parent_id BIGINT AS (CASE entity
    WHEN 'order_line' THEN CAST(COALESCE(JSON_UNQUOTE(JSON_EXTRACT(changes, '$.order_id.after')),
                                         JSON_UNQUOTE(JSON_EXTRACT(changes, '$.order_id.before'))) AS SIGNED)
    WHEN 'invoice_line' THEN CAST(COALESCE(JSON_UNQUOTE(JSON_EXTRACT(changes, '$.invoice_id.after')),
                                           JSON_UNQUOTE(JSON_EXTRACT(changes, '$.invoice_id.before'))) AS SIGNED)
    END) VIRTUAL;
