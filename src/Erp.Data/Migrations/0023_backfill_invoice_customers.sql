-- Invoices issued before 0022: copy the customer as it is now, the closest record left of what the
-- invoice showed. Re-runnable: only rows without a copy are touched.
UPDATE invoices i
JOIN customers c ON c.id = i.customer_id
SET i.customer_code = c.code,
    i.customer_name = c.name,
    i.customer_address = c.address,
    i.customer_postal_code = c.postal_code,
    i.customer_city = c.city,
    i.customer_country = c.country
WHERE i.customer_name IS NULL;
