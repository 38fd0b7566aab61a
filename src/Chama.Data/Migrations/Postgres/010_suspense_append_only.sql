-- Held paybill payments and their allocations are money: like every other money table, never changed or removed.
CREATE TRIGGER suspense_payments_append_only_update BEFORE UPDATE ON suspense_payments FOR EACH ROW EXECUTE FUNCTION refuse_change('suspense payments are append-only');
CREATE TRIGGER suspense_payments_append_only_delete BEFORE DELETE ON suspense_payments FOR EACH ROW EXECUTE FUNCTION refuse_change('suspense payments are append-only');
CREATE TRIGGER suspense_allocations_append_only_update BEFORE UPDATE ON suspense_allocations FOR EACH ROW EXECUTE FUNCTION refuse_change('suspense allocations are append-only');
CREATE TRIGGER suspense_allocations_append_only_delete BEFORE DELETE ON suspense_allocations FOR EACH ROW EXECUTE FUNCTION refuse_change('suspense allocations are append-only');
