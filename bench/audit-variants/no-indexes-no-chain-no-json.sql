-- Variant for ERP_BENCH_AUDIT_VARIANT: as no-indexes-no-chain.sql, and the three writing triggers of a confirmation and
-- an edit write the real actor context but '{}' as changes: no comparison of columns, no JSON.
CREATE OR REPLACE PROCEDURE audit_seal(p_batch INT) SELECT 0
-- next
ALTER TABLE audit_log DROP INDEX ix_audit_log_actor, DROP INDEX ix_audit_log_entity_time, DROP INDEX ix_audit_log_entity_action, DROP INDEX ix_audit_log_action, DROP INDEX ix_audit_log_actor_entity, DROP INDEX ix_audit_log_actor_action, DROP INDEX ix_audit_log_seq, DROP INDEX ix_audit_log_time, DROP INDEX ix_audit_log_record, DROP INDEX ix_audit_log_parent
-- next
CREATE OR REPLACE TRIGGER audit_customers_update AFTER UPDATE ON customers FOR EACH ROW
INSERT INTO audit_log (occurred_at, actor_id, actor_name, db_user, client_ip, trace_id, entity, entity_id, action, changes)
VALUES (UTC_TIMESTAMP(6), @erp_actor_id, COALESCE(@erp_actor_name, USER()), USER(), @erp_client_ip, @erp_trace_id, 'customer', NEW.id, IF(@erp_revert_of IS NULL, 'update', 'revert'), '{}')
-- next
CREATE OR REPLACE TRIGGER audit_sales_orders_update AFTER UPDATE ON sales_orders FOR EACH ROW
INSERT INTO audit_log (occurred_at, actor_id, actor_name, db_user, client_ip, trace_id, entity, entity_id, action, changes)
VALUES (UTC_TIMESTAMP(6), @erp_actor_id, COALESCE(@erp_actor_name, USER()), USER(), @erp_client_ip, @erp_trace_id, 'order', NEW.id, IF(@erp_revert_of IS NULL, 'update', 'revert'), '{}')
-- next
CREATE OR REPLACE TRIGGER audit_stock_movements_insert AFTER INSERT ON stock_movements FOR EACH ROW
INSERT INTO audit_log (occurred_at, actor_id, actor_name, db_user, client_ip, trace_id, entity, entity_id, action, changes)
VALUES (UTC_TIMESTAMP(6), @erp_actor_id, COALESCE(@erp_actor_name, USER()), USER(), @erp_client_ip, @erp_trace_id, 'stock_movement', NEW.id, IF(@erp_revert_of IS NULL, 'insert', 'revert'), '{}')
