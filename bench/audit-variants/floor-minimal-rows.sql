-- Variant for ERP_BENCH_AUDIT_VARIANT (bench/Erp.Bench/AuditBench.cs): the floor of a per-row audit trigger.
-- The three triggers an order confirmation and a customer edit fire that write rows insert a constant minimal row
-- (no JSON, no actor context), audit_log keeps only its primary key, and nothing is sealed.
-- The products' update trigger stays real (it ends early: only ignored stock counters change).
CREATE OR REPLACE PROCEDURE audit_seal(p_batch INT) SELECT 0
-- next
ALTER TABLE audit_log DROP INDEX ix_audit_log_actor, DROP INDEX ix_audit_log_entity_time, DROP INDEX ix_audit_log_entity_action, DROP INDEX ix_audit_log_action, DROP INDEX ix_audit_log_actor_entity, DROP INDEX ix_audit_log_actor_action, DROP INDEX ix_audit_log_seq, DROP INDEX ix_audit_log_time, DROP INDEX ix_audit_log_record, DROP INDEX ix_audit_log_parent
-- next
CREATE OR REPLACE TRIGGER audit_customers_update AFTER UPDATE ON customers FOR EACH ROW
INSERT INTO audit_log (occurred_at, actor_name, db_user, entity, entity_id, action) VALUES (UTC_TIMESTAMP(6), 'x', 'x', 'customer', NEW.id, 'update')
-- next
CREATE OR REPLACE TRIGGER audit_sales_orders_update AFTER UPDATE ON sales_orders FOR EACH ROW
INSERT INTO audit_log (occurred_at, actor_name, db_user, entity, entity_id, action) VALUES (UTC_TIMESTAMP(6), 'x', 'x', 'order', NEW.id, 'update')
-- next
CREATE OR REPLACE TRIGGER audit_stock_movements_insert AFTER INSERT ON stock_movements FOR EACH ROW
INSERT INTO audit_log (occurred_at, actor_name, db_user, entity, entity_id, action) VALUES (UTC_TIMESTAMP(6), 'x', 'x', 'stock_movement', NEW.id, 'insert')
