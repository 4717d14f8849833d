-- Variant for ERP_BENCH_AUDIT_VARIANT: as no-indexes-no-chain.sql, and the three writing triggers of a confirmation and
-- an edit (bodies as main generated them on 2026-11-26) take constants instead of the actor context and revert label.
CREATE OR REPLACE PROCEDURE audit_seal(p_batch INT) SELECT 0
-- next
ALTER TABLE audit_log DROP INDEX ix_audit_log_actor, DROP INDEX ix_audit_log_entity_time, DROP INDEX ix_audit_log_entity_action, DROP INDEX ix_audit_log_action, DROP INDEX ix_audit_log_actor_entity, DROP INDEX ix_audit_log_actor_action, DROP INDEX ix_audit_log_seq, DROP INDEX ix_audit_log_time, DROP INDEX ix_audit_log_record, DROP INDEX ix_audit_log_parent
-- next
CREATE OR REPLACE TRIGGER audit_customers_update AFTER UPDATE ON customers FOR EACH ROW
IF NOT (BINARY OLD.code <=> BINARY NEW.code AND BINARY OLD.name <=> BINARY NEW.name AND BINARY OLD.email <=> BINARY NEW.email AND BINARY OLD.phone <=> BINARY NEW.phone AND BINARY OLD.country <=> BINARY NEW.country AND BINARY OLD.credit_limit <=> BINARY NEW.credit_limit AND BINARY OLD.created_at <=> BINARY NEW.created_at AND BINARY OLD.version <=> BINARY NEW.version AND BINARY OLD.address <=> BINARY NEW.address AND BINARY OLD.postal_code <=> BINARY NEW.postal_code AND BINARY OLD.city <=> BINARY NEW.city) THEN
  BEGIN
    DECLARE changed LONGTEXT DEFAULT '';
        IF NOT (BINARY OLD.code <=> BINARY NEW.code) THEN SET changed = CONCAT(changed, ',"code":', JSON_OBJECT('before', OLD.code, 'after', NEW.code)); END IF;
        IF NOT (BINARY OLD.name <=> BINARY NEW.name) THEN SET changed = CONCAT(changed, ',"name":', JSON_OBJECT('before', OLD.name, 'after', NEW.name)); END IF;
        IF NOT (BINARY OLD.email <=> BINARY NEW.email) THEN SET changed = CONCAT(changed, ',"email":', JSON_OBJECT('before', OLD.email, 'after', NEW.email)); END IF;
        IF NOT (BINARY OLD.phone <=> BINARY NEW.phone) THEN SET changed = CONCAT(changed, ',"phone":', JSON_OBJECT('before', OLD.phone, 'after', NEW.phone)); END IF;
        IF NOT (BINARY OLD.country <=> BINARY NEW.country) THEN SET changed = CONCAT(changed, ',"country":', JSON_OBJECT('before', OLD.country, 'after', NEW.country)); END IF;
        IF NOT (BINARY OLD.credit_limit <=> BINARY NEW.credit_limit) THEN SET changed = CONCAT(changed, ',"credit_limit":', JSON_OBJECT('before', OLD.credit_limit, 'after', NEW.credit_limit)); END IF;
        IF NOT (BINARY OLD.created_at <=> BINARY NEW.created_at) THEN SET changed = CONCAT(changed, ',"created_at":', JSON_OBJECT('before', OLD.created_at, 'after', NEW.created_at)); END IF;
        IF NOT (BINARY OLD.version <=> BINARY NEW.version) THEN SET changed = CONCAT(changed, ',"version":', JSON_OBJECT('before', OLD.version, 'after', NEW.version)); END IF;
        IF NOT (BINARY OLD.address <=> BINARY NEW.address) THEN SET changed = CONCAT(changed, ',"address":', JSON_OBJECT('before', OLD.address, 'after', NEW.address)); END IF;
        IF NOT (BINARY OLD.postal_code <=> BINARY NEW.postal_code) THEN SET changed = CONCAT(changed, ',"postal_code":', JSON_OBJECT('before', OLD.postal_code, 'after', NEW.postal_code)); END IF;
        IF NOT (BINARY OLD.city <=> BINARY NEW.city) THEN SET changed = CONCAT(changed, ',"city":', JSON_OBJECT('before', OLD.city, 'after', NEW.city)); END IF;
    INSERT INTO audit_log (occurred_at, actor_id, actor_name, db_user, client_ip, trace_id, entity, entity_id, action, changes)
    VALUES (UTC_TIMESTAMP(6), NULL, 'x', 'x', NULL, NULL, 'customer', NEW.id, 'update', CONCAT('{', SUBSTRING(changed, 2), '}'));
  END;
END IF
-- next
CREATE OR REPLACE TRIGGER audit_sales_orders_update AFTER UPDATE ON sales_orders FOR EACH ROW
IF NOT (BINARY OLD.customer_id <=> BINARY NEW.customer_id AND BINARY OLD.status <=> BINARY NEW.status AND BINARY OLD.order_date <=> BINARY NEW.order_date AND BINARY OLD.total <=> BINARY NEW.total AND BINARY OLD.created_at <=> BINARY NEW.created_at AND BINARY OLD.version <=> BINARY NEW.version) THEN
  BEGIN
    DECLARE changed LONGTEXT DEFAULT '';
        IF NOT (BINARY OLD.customer_id <=> BINARY NEW.customer_id) THEN SET changed = CONCAT(changed, ',"customer_id":', JSON_OBJECT('before', OLD.customer_id, 'after', NEW.customer_id)); END IF;
        IF NOT (BINARY OLD.status <=> BINARY NEW.status) THEN SET changed = CONCAT(changed, ',"status":', JSON_OBJECT('before', OLD.status, 'after', NEW.status)); END IF;
        IF NOT (BINARY OLD.order_date <=> BINARY NEW.order_date) THEN SET changed = CONCAT(changed, ',"order_date":', JSON_OBJECT('before', OLD.order_date, 'after', NEW.order_date)); END IF;
        IF NOT (BINARY OLD.total <=> BINARY NEW.total) THEN SET changed = CONCAT(changed, ',"total":', JSON_OBJECT('before', OLD.total, 'after', NEW.total)); END IF;
        IF NOT (BINARY OLD.created_at <=> BINARY NEW.created_at) THEN SET changed = CONCAT(changed, ',"created_at":', JSON_OBJECT('before', OLD.created_at, 'after', NEW.created_at)); END IF;
        IF NOT (BINARY OLD.version <=> BINARY NEW.version) THEN SET changed = CONCAT(changed, ',"version":', JSON_OBJECT('before', OLD.version, 'after', NEW.version)); END IF;
    INSERT INTO audit_log (occurred_at, actor_id, actor_name, db_user, client_ip, trace_id, entity, entity_id, action, changes)
    VALUES (UTC_TIMESTAMP(6), NULL, 'x', 'x', NULL, NULL, 'order', NEW.id, 'update', CONCAT('{', SUBSTRING(changed, 2), '}'));
  END;
END IF
-- next
CREATE OR REPLACE TRIGGER audit_stock_movements_insert AFTER INSERT ON stock_movements FOR EACH ROW
INSERT INTO audit_log (occurred_at, actor_id, actor_name, db_user, client_ip, trace_id, entity, entity_id, action, changes)
VALUES (UTC_TIMESTAMP(6), NULL, 'x', 'x', NULL, NULL, 'stock_movement', NEW.id, 'insert', CONCAT('{', '"product_id":', JSON_OBJECT('after', NEW.product_id), ',"kind":', JSON_OBJECT('after', NEW.kind), ',"quantity":', JSON_OBJECT('after', NEW.quantity), ',"on_hand_after":', JSON_OBJECT('after', NEW.on_hand_after), ',"reserved_after":', JSON_OBJECT('after', NEW.reserved_after), ',"order_id":', JSON_OBJECT('after', NEW.order_id), ',"reason":', JSON_OBJECT('after', NEW.reason), ',"created_at":', JSON_OBJECT('after', NEW.created_at), '}'))
