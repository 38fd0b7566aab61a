-- M-Pesa: callbacks kept as received, STK outcomes, paybill payments nobody claimed, and payouts.

-- Every callback body as it arrived, with what was done with it. Kept for inspection; never changed.
CREATE TABLE mpesa_callbacks (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    received_at INTEGER NOT NULL
) STRICT;
CREATE TRIGGER mpesa_callbacks_append_only_update BEFORE UPDATE ON mpesa_callbacks BEGIN SELECT RAISE(ABORT, 'callbacks are append-only'); END;
CREATE TRIGGER mpesa_callbacks_append_only_delete BEFORE DELETE ON mpesa_callbacks BEGIN SELECT RAISE(ABORT, 'callbacks are append-only'); END;

-- Paybill payments whose account reference names no member: held until an officer allocates them.
CREATE TABLE suspense_payments (
    id              INTEGER PRIMARY KEY,
    trans_id        TEXT NOT NULL UNIQUE,
    bill_ref        TEXT NOT NULL,
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    currency        TEXT NOT NULL,
    masked_msisdn   TEXT NOT NULL,
    received_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE suspense_allocations (
    id                  INTEGER PRIMARY KEY,
    suspense_id         INTEGER NOT NULL UNIQUE REFERENCES suspense_payments (id),
    contribution_id     INTEGER NOT NULL REFERENCES contributions (id),
    officer_member_id   INTEGER NOT NULL REFERENCES members (id),
    allocated_at        INTEGER NOT NULL
) STRICT;

-- A payout of a pot or a welfare request. Each attempt has its own OriginatorConversationID, written before Daraja
-- is called; a new attempt needs the previous one to have failed and fresh approvals.
CREATE TABLE disbursements (
    id                          INTEGER PRIMARY KEY,
    kind                        TEXT NOT NULL CHECK (kind IN ('Pot', 'Welfare')),
    subject_id                  INTEGER NOT NULL,
    attempt                     INTEGER NOT NULL CHECK (attempt >= 1),
    chama_id                    INTEGER NOT NULL REFERENCES chamas (id),
    recipient_member_id         INTEGER NOT NULL REFERENCES members (id),
    receive_phone               TEXT NOT NULL,
    amount_minor                INTEGER NOT NULL CHECK (amount_minor > 0),
    currency                    TEXT NOT NULL,
    originator_conversation_id  TEXT NOT NULL UNIQUE,
    created_at                  INTEGER NOT NULL,
    UNIQUE (kind, subject_id, attempt)
) STRICT;
CREATE TRIGGER disbursements_append_only_update BEFORE UPDATE ON disbursements BEGIN SELECT RAISE(ABORT, 'disbursements are append-only'); END;
CREATE TRIGGER disbursements_append_only_delete BEFORE DELETE ON disbursements BEGIN SELECT RAISE(ABORT, 'disbursements are append-only'); END;

-- What happened to a payout: sent once, then completed or failed once. The unique pair makes a duplicate result count once.
CREATE TABLE disbursement_events (
    id                  INTEGER PRIMARY KEY,
    disbursement_id     INTEGER NOT NULL REFERENCES disbursements (id),
    status              TEXT NOT NULL CHECK (status IN ('Sent', 'Completed', 'Failed')),
    transaction_id      TEXT,
    detail              TEXT NOT NULL DEFAULT '',
    at                  INTEGER NOT NULL,
    UNIQUE (disbursement_id, status)
) STRICT;
-- A payout is completed or failed, never both.
CREATE UNIQUE INDEX disbursement_settled_once ON disbursement_events (disbursement_id) WHERE status IN ('Completed', 'Failed');
CREATE TRIGGER disbursement_events_append_only_update BEFORE UPDATE ON disbursement_events BEGIN SELECT RAISE(ABORT, 'disbursement events are append-only'); END;
CREATE TRIGGER disbursement_events_append_only_delete BEFORE DELETE ON disbursement_events BEGIN SELECT RAISE(ABORT, 'disbursement events are append-only'); END;

-- Approvals belong to one attempt at paying: after a failed payout, paying again needs fresh approvals.
DROP TRIGGER approvals_append_only_update;
DROP TRIGGER approvals_append_only_delete;
CREATE TABLE approvals_by_attempt (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    subject_kind        TEXT NOT NULL CHECK (subject_kind IN ('Pot', 'Welfare')),
    subject_id          INTEGER NOT NULL,
    attempt             INTEGER NOT NULL DEFAULT 1,
    officer_member_id   INTEGER NOT NULL REFERENCES members (id),
    decision            TEXT NOT NULL CHECK (decision IN ('Approve', 'Reject')),
    reason              TEXT,
    channel             TEXT NOT NULL,
    decided_at          INTEGER NOT NULL,
    UNIQUE (subject_kind, subject_id, attempt, officer_member_id)
) STRICT;
INSERT INTO approvals_by_attempt (id, chama_id, subject_kind, subject_id, attempt, officer_member_id, decision, reason, channel, decided_at)
    SELECT id, chama_id, subject_kind, subject_id, 1, officer_member_id, decision, reason, channel, decided_at FROM approvals;
DROP TABLE approvals;
ALTER TABLE approvals_by_attempt RENAME TO approvals;
CREATE TRIGGER approvals_append_only_update BEFORE UPDATE ON approvals BEGIN SELECT RAISE(ABORT, 'approvals are append-only'); END;
CREATE TRIGGER approvals_append_only_delete BEFORE DELETE ON approvals BEGIN SELECT RAISE(ABORT, 'approvals are append-only'); END;

-- A payment request is paid by one contribution at most: its callback and the reconciliation query cannot both count it.
ALTER TABLE contributions ADD COLUMN payment_request_id INTEGER REFERENCES payment_requests (id);
CREATE UNIQUE INDEX contributions_one_per_payment_request ON contributions (payment_request_id);

-- Pushes waiting for M-Pesa's answer, oldest first, for the reconciliation worker.
CREATE INDEX payment_requests_sent ON payment_requests (status, updated_at) WHERE status = 'Sent';
