-- Invoices issued before 0021: copy their order's lines with the products' current SKU and name.
-- Re-runnable: invoices that already have lines are skipped.
INSERT INTO invoice_lines (invoice_id, line_no, product_id, sku, product_name, quantity, unit_price, line_total)
SELECT i.id, l.line_no, l.product_id, p.sku, p.name, l.quantity, l.unit_price, l.line_total
FROM invoices i
JOIN sales_order_lines l ON l.order_id = i.order_id
JOIN products p ON p.id = l.product_id
WHERE NOT EXISTS (SELECT 1 FROM invoice_lines x WHERE x.invoice_id = i.id)
ORDER BY i.id, l.line_no;
