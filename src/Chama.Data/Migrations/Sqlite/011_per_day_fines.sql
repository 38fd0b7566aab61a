-- Late fines per day late, up to a cap per round: the constitution's fine mode and cap, and a fine per member, round
-- and day of lateness (day 1 for a flat fine), held unique by the database however often the scheduler runs.

ALTER TABLE constitutions ADD COLUMN fine_mode TEXT NOT NULL DEFAULT 'Flat' CHECK (fine_mode IN ('Flat', 'PerDay'));
ALTER TABLE constitutions ADD COLUMN fine_cap_minor INTEGER NOT NULL DEFAULT 0 CHECK (fine_cap_minor >= 0);

-- SQLite cannot change a table's UNIQUE constraint, so the fines tables are rebuilt with every row kept as it was (each
-- existing fine is day 1). One payment may now settle several fines (a member pays all the fines owed with one M-Pesa
-- push), so a contribution is no longer unique among fine payments; each fine is still paid at most once. The waivers and payments are rebuilt too: dropping a parent table still referenced fails the
-- foreign keys, so the children are copied, dropped first, and their new copies follow the renamed parent.
CREATE TABLE fines_next (
    id              INTEGER PRIMARY KEY,
    chama_id        INTEGER NOT NULL REFERENCES chamas (id),
    round_id        INTEGER NOT NULL REFERENCES rounds (id),
    member_id       INTEGER NOT NULL REFERENCES members (id),
    day             INTEGER NOT NULL CHECK (day >= 1),
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    currency        TEXT NOT NULL,
    rule            TEXT NOT NULL,
    charged_at      INTEGER NOT NULL,
    UNIQUE (round_id, member_id, day)
) STRICT;

CREATE TABLE fine_waivers_next (
    id                  INTEGER PRIMARY KEY,
    fine_id             INTEGER NOT NULL UNIQUE REFERENCES fines_next (id),
    officer_member_id   INTEGER NOT NULL REFERENCES members (id),
    reason              TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    channel             TEXT NOT NULL,
    at                  INTEGER NOT NULL
) STRICT;

CREATE TABLE fine_payments_next (
    id              INTEGER PRIMARY KEY,
    fine_id         INTEGER NOT NULL UNIQUE REFERENCES fines_next (id),
    contribution_id INTEGER NOT NULL REFERENCES contributions (id),
    paid_at         INTEGER NOT NULL
) STRICT;

INSERT INTO fines_next (id, chama_id, round_id, member_id, day, amount_minor, currency, rule, charged_at)
SELECT id, chama_id, round_id, member_id, 1, amount_minor, currency, rule, charged_at FROM fines;
INSERT INTO fine_waivers_next (id, fine_id, officer_member_id, reason, channel, at)
SELECT id, fine_id, officer_member_id, reason, channel, at FROM fine_waivers;
INSERT INTO fine_payments_next (id, fine_id, contribution_id, paid_at)
SELECT id, fine_id, contribution_id, paid_at FROM fine_payments;

DROP TABLE fine_payments;
DROP TABLE fine_waivers;
DROP TABLE fines;
ALTER TABLE fines_next RENAME TO fines;
ALTER TABLE fine_waivers_next RENAME TO fine_waivers;
ALTER TABLE fine_payments_next RENAME TO fine_payments;
CREATE INDEX fines_by_member ON fines (member_id);
CREATE INDEX fine_payments_by_contribution ON fine_payments (contribution_id);

CREATE TRIGGER fines_append_only_update BEFORE UPDATE ON fines BEGIN SELECT RAISE(ABORT, 'fines are append-only'); END;
CREATE TRIGGER fines_append_only_delete BEFORE DELETE ON fines BEGIN SELECT RAISE(ABORT, 'fines are append-only'); END;
CREATE TRIGGER fine_waivers_append_only_update BEFORE UPDATE ON fine_waivers BEGIN SELECT RAISE(ABORT, 'fine waivers are append-only'); END;
CREATE TRIGGER fine_waivers_append_only_delete BEFORE DELETE ON fine_waivers BEGIN SELECT RAISE(ABORT, 'fine waivers are append-only'); END;
CREATE TRIGGER fine_payments_append_only_update BEFORE UPDATE ON fine_payments BEGIN SELECT RAISE(ABORT, 'fine payments are append-only'); END;
CREATE TRIGGER fine_payments_append_only_delete BEFORE DELETE ON fine_payments BEGIN SELECT RAISE(ABORT, 'fine payments are append-only'); END;
