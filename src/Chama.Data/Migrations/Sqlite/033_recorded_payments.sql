-- Payments an officer records by hand: cash handed over at a meeting, money sent to an officer's own M-Pesa number, a
-- bank transfer. The money itself is a contribution like any other (its receipt is the UNIQUE contributions.receipt, so
-- a reference is used once whichever way the money arrived); this row says who recorded it, how it was paid, the
-- officer's note, and for money paid in another currency what was paid and at what rate (the rate as the officer typed
-- it, a decimal in text: never a float). A member may dispute it within seven days (payment_disputes). Nothing here is
-- updated or deleted.
CREATE TABLE recorded_payments (
    id                      INTEGER PRIMARY KEY,
    chama_id                INTEGER NOT NULL REFERENCES chamas (id),
    contribution_id         INTEGER NOT NULL UNIQUE REFERENCES contributions (id),
    method                  TEXT NOT NULL CHECK (method IN ('Mpesa', 'Cash', 'Bank')),
    recorded_by_member_id   INTEGER NOT NULL REFERENCES members (id),
    channel                 TEXT NOT NULL,
    note                    TEXT,
    paid_minor              INTEGER CHECK (paid_minor > 0),
    paid_currency           TEXT,
    rate                    TEXT,
    recorded_at             INTEGER NOT NULL,
    CHECK ((paid_minor IS NULL) = (paid_currency IS NULL) AND (paid_minor IS NULL) = (rate IS NULL))
) STRICT;
CREATE INDEX recorded_payments_by_chama ON recorded_payments (chama_id, recorded_at);

-- A member's dispute of a payment recorded for them: one per payment; every officer is told.
CREATE TABLE payment_disputes (
    id                      INTEGER PRIMARY KEY,
    chama_id                INTEGER NOT NULL REFERENCES chamas (id),
    recorded_payment_id     INTEGER NOT NULL UNIQUE REFERENCES recorded_payments (id),
    member_id               INTEGER NOT NULL REFERENCES members (id),
    channel                 TEXT NOT NULL,
    disputed_at             INTEGER NOT NULL
) STRICT;

CREATE TRIGGER recorded_payments_append_only_update BEFORE UPDATE ON recorded_payments BEGIN SELECT RAISE(ABORT, 'recorded payments are append-only'); END;
CREATE TRIGGER recorded_payments_append_only_delete BEFORE DELETE ON recorded_payments BEGIN SELECT RAISE(ABORT, 'recorded payments are append-only'); END;
CREATE TRIGGER payment_disputes_append_only_update BEFORE UPDATE ON payment_disputes BEGIN SELECT RAISE(ABORT, 'payment disputes are append-only'); END;
CREATE TRIGGER payment_disputes_append_only_delete BEFORE DELETE ON payment_disputes BEGIN SELECT RAISE(ABORT, 'payment disputes are append-only'); END;
