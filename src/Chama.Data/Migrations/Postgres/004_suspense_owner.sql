-- A held paybill payment belongs to the chama its account reference names (a known code with an unknown seat), or to
-- the only chama of a deployment; its officers are told and may allocate it. Null: only an operator can place it.
ALTER TABLE suspense_payments ADD COLUMN chama_id BIGINT REFERENCES chamas (id);
CREATE INDEX suspense_payments_by_chama ON suspense_payments (chama_id);
