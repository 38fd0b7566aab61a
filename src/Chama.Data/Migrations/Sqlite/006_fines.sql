-- Late fines: the constitution's grace period and where fines go, the fines charged, waived and paid.

ALTER TABLE constitutions ADD COLUMN grace_days INTEGER NOT NULL DEFAULT 3 CHECK (grace_days >= 0 AND grace_days <= 31);
ALTER TABLE constitutions ADD COLUMN fines_fund TEXT NOT NULL DEFAULT 'Welfare' CHECK (fines_fund IN ('Welfare'));

-- One fine per member per round, held by the database: however often the scheduler runs, the second insert is refused.
-- The rule is the text of the constitution's rule as it stood when the fine was charged.
CREATE TABLE fines (
    id              INTEGER PRIMARY KEY,
    chama_id        INTEGER NOT NULL REFERENCES chamas (id),
    round_id        INTEGER NOT NULL REFERENCES rounds (id),
    member_id       INTEGER NOT NULL REFERENCES members (id),
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    currency        TEXT NOT NULL,
    rule            TEXT NOT NULL,
    charged_at      INTEGER NOT NULL,
    UNIQUE (round_id, member_id)
) STRICT;
CREATE INDEX fines_by_member ON fines (member_id);

-- An officer's waiver of a fine, with the reason. A fine is waived at most once.
CREATE TABLE fine_waivers (
    id                  INTEGER PRIMARY KEY,
    fine_id             INTEGER NOT NULL UNIQUE REFERENCES fines (id),
    officer_member_id   INTEGER NOT NULL REFERENCES members (id),
    reason              TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    channel             TEXT NOT NULL,
    at                  INTEGER NOT NULL
) STRICT;

-- A fine settled by a payment. The money itself is a welfare contribution (so its receipt is unique across every
-- payment, and the welfare fund's balance includes it); this row says which fine it paid. A fine is paid at most once.
CREATE TABLE fine_payments (
    id              INTEGER PRIMARY KEY,
    fine_id         INTEGER NOT NULL UNIQUE REFERENCES fines (id),
    contribution_id INTEGER NOT NULL UNIQUE REFERENCES contributions (id),
    paid_at         INTEGER NOT NULL
) STRICT;

CREATE TRIGGER fines_append_only_update BEFORE UPDATE ON fines BEGIN SELECT RAISE(ABORT, 'fines are append-only'); END;
CREATE TRIGGER fines_append_only_delete BEFORE DELETE ON fines BEGIN SELECT RAISE(ABORT, 'fines are append-only'); END;
CREATE TRIGGER fine_waivers_append_only_update BEFORE UPDATE ON fine_waivers BEGIN SELECT RAISE(ABORT, 'fine waivers are append-only'); END;
CREATE TRIGGER fine_waivers_append_only_delete BEFORE DELETE ON fine_waivers BEGIN SELECT RAISE(ABORT, 'fine waivers are append-only'); END;
CREATE TRIGGER fine_payments_append_only_update BEFORE UPDATE ON fine_payments BEGIN SELECT RAISE(ABORT, 'fine payments are append-only'); END;
CREATE TRIGGER fine_payments_append_only_delete BEFORE DELETE ON fine_payments BEGIN SELECT RAISE(ABORT, 'fine payments are append-only'); END;
