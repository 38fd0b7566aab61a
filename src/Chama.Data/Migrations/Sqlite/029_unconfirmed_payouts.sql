-- A payout left without a definite result for Mpesa:PayoutUnconfirmedAfter: the officers are told, once (the unique
-- key), to check the M-Pesa statement. It stays unresolved (no new approvals) until the statement's answer is recorded.
CREATE TABLE unconfirmed_payouts (
    id                  INTEGER PRIMARY KEY,
    disbursement_id     INTEGER NOT NULL UNIQUE REFERENCES disbursements (id),
    at                  INTEGER NOT NULL
) STRICT;
CREATE TRIGGER unconfirmed_payouts_append_only_update BEFORE UPDATE ON unconfirmed_payouts BEGIN SELECT RAISE(ABORT, 'unconfirmed payouts are append-only'); END;
CREATE TRIGGER unconfirmed_payouts_append_only_delete BEFORE DELETE ON unconfirmed_payouts BEGIN SELECT RAISE(ABORT, 'unconfirmed payouts are append-only'); END;

-- One M-Pesa receipt completes one payout, whether M-Pesa's result or the statement recorded by the officers named it.
CREATE UNIQUE INDEX disbursement_receipt_once ON disbursement_events (transaction_id) WHERE status = 'Completed';
