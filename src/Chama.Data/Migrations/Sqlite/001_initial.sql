-- The chama model and its ledger. Money is INTEGER minor units. Tables that record money are append-only:
-- triggers refuse UPDATE and DELETE, so a correction can only be a new entry.

CREATE TABLE chamas (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    currency    TEXT NOT NULL CHECK (length(currency) = 3),
    created_at  INTEGER NOT NULL
) STRICT;

-- Versioned: a change of rules is a new row; the highest version is in force.
CREATE TABLE constitutions (
    id                      INTEGER PRIMARY KEY,
    chama_id                INTEGER NOT NULL REFERENCES chamas (id),
    version                 INTEGER NOT NULL,
    contribution_minor      INTEGER NOT NULL CHECK (contribution_minor > 0),
    frequency               TEXT NOT NULL CHECK (frequency IN ('Weekly', 'Fortnightly', 'Monthly')),
    welfare_levy_minor      INTEGER NOT NULL CHECK (welfare_levy_minor >= 0),
    late_fine_minor         INTEGER NOT NULL CHECK (late_fine_minor >= 0),
    approvals_required      INTEGER NOT NULL CHECK (approvals_required >= 1),
    members_see_pending     INTEGER NOT NULL CHECK (members_see_pending IN (0, 1)),
    created_at              INTEGER NOT NULL,
    UNIQUE (chama_id, version)
) STRICT;

CREATE TABLE members (
    id              INTEGER PRIMARY KEY,
    chama_id        INTEGER NOT NULL REFERENCES chamas (id),
    name            TEXT NOT NULL,
    phone           TEXT NOT NULL,
    receive_phone   TEXT NOT NULL,
    seat            INTEGER NOT NULL CHECK (seat >= 1),
    roles           INTEGER NOT NULL DEFAULT 0,
    language        TEXT NOT NULL DEFAULT 'En' CHECK (language IN ('En', 'Sw')),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    joined_at       INTEGER NOT NULL,
    UNIQUE (chama_id, seat),
    UNIQUE (chama_id, phone)
) STRICT;
CREATE INDEX members_by_phone ON members (phone);

CREATE TABLE cycles (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    number              INTEGER NOT NULL,
    contribution_minor  INTEGER NOT NULL CHECK (contribution_minor > 0),
    currency            TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('Planned', 'Active', 'Closed')),
    starts_on           TEXT NOT NULL,
    UNIQUE (chama_id, number)
) STRICT;
-- At most one running cycle per chama, held by the database.
CREATE UNIQUE INDEX one_active_cycle ON cycles (chama_id) WHERE status = 'Active';

CREATE TABLE rounds (
    id                  INTEGER PRIMARY KEY,
    cycle_id            INTEGER NOT NULL REFERENCES cycles (id),
    number              INTEGER NOT NULL,
    recipient_member_id INTEGER NOT NULL REFERENCES members (id),
    due_date            TEXT NOT NULL,
    expected_pot_minor  INTEGER NOT NULL CHECK (expected_pot_minor > 0),
    UNIQUE (cycle_id, number),
    UNIQUE (cycle_id, recipient_member_id)
) STRICT;

-- Money in. The receipt is unique across both funds: one M-Pesa transaction is one payment.
CREATE TABLE contributions (
    id              INTEGER PRIMARY KEY,
    chama_id        INTEGER NOT NULL REFERENCES chamas (id),
    round_id        INTEGER REFERENCES rounds (id),
    member_id       INTEGER NOT NULL REFERENCES members (id),
    fund            TEXT NOT NULL CHECK (fund IN ('Pot', 'Welfare')),
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    currency        TEXT NOT NULL,
    receipt         TEXT NOT NULL UNIQUE,
    recorded_at     INTEGER NOT NULL,
    CHECK ((fund = 'Pot') = (round_id IS NOT NULL))
) STRICT;
CREATE INDEX contributions_by_round ON contributions (round_id, member_id);
CREATE INDEX contributions_by_member ON contributions (member_id);

-- Over-payment moved from one round to the member's next, as a pair of explicit entries.
CREATE TABLE credit_entries (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES members (id),
    round_id        INTEGER NOT NULL REFERENCES rounds (id),
    kind            TEXT NOT NULL CHECK (kind IN ('CreditCarriedOut', 'CreditApplied')),
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    contribution_id INTEGER NOT NULL REFERENCES contributions (id),
    created_at      INTEGER NOT NULL,
    UNIQUE (contribution_id, round_id, kind)
) STRICT;
CREATE INDEX credit_entries_by_round ON credit_entries (round_id, member_id);
CREATE INDEX credit_entries_by_member ON credit_entries (member_id);

CREATE VIEW pot_movements AS
    SELECT round_id, member_id, 'Contribution' AS kind, amount_minor FROM contributions WHERE fund = 'Pot'
    UNION ALL
    SELECT round_id, member_id, kind, amount_minor FROM credit_entries;

CREATE TABLE welfare_requests (
    id              INTEGER PRIMARY KEY,
    chama_id        INTEGER NOT NULL REFERENCES chamas (id),
    member_id       INTEGER NOT NULL REFERENCES members (id),
    kind            TEXT NOT NULL CHECK (kind IN ('Funeral', 'Hospital', 'Emergency', 'Other')),
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    reason          TEXT NOT NULL,
    requested_at    INTEGER NOT NULL
) STRICT;

-- Money out of the welfare fund. A request is paid at most once; a provider reference is used once.
CREATE TABLE welfare_payouts (
    id              INTEGER PRIMARY KEY,
    chama_id        INTEGER NOT NULL REFERENCES chamas (id),
    request_id      INTEGER UNIQUE REFERENCES welfare_requests (id),
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    reference       TEXT NOT NULL UNIQUE,
    paid_at         INTEGER NOT NULL
) STRICT;

CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    chama_id        INTEGER REFERENCES chamas (id),
    actor_member_id INTEGER REFERENCES members (id),
    channel         TEXT NOT NULL,
    action          TEXT NOT NULL,
    subject         TEXT NOT NULL,
    at              INTEGER NOT NULL
) STRICT;

CREATE TRIGGER contributions_append_only_update BEFORE UPDATE ON contributions BEGIN SELECT RAISE(ABORT, 'contributions are append-only'); END;
CREATE TRIGGER contributions_append_only_delete BEFORE DELETE ON contributions BEGIN SELECT RAISE(ABORT, 'contributions are append-only'); END;
CREATE TRIGGER credit_entries_append_only_update BEFORE UPDATE ON credit_entries BEGIN SELECT RAISE(ABORT, 'credit entries are append-only'); END;
CREATE TRIGGER credit_entries_append_only_delete BEFORE DELETE ON credit_entries BEGIN SELECT RAISE(ABORT, 'credit entries are append-only'); END;
CREATE TRIGGER welfare_payouts_append_only_update BEFORE UPDATE ON welfare_payouts BEGIN SELECT RAISE(ABORT, 'welfare payouts are append-only'); END;
CREATE TRIGGER welfare_payouts_append_only_delete BEFORE DELETE ON welfare_payouts BEGIN SELECT RAISE(ABORT, 'welfare payouts are append-only'); END;
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
