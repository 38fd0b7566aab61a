-- Corrections of recorded payments, decided under the officers' quorum (code C<id>): an officer proposes reversing a
-- payment (usually one its member disputed) with a reason; the votes are in decision_votes, where the officer who
-- recorded the payment and the member it credits do not count. The approval reaching the quorum adds the reversal in
-- the same transaction: payment_reversals (one per contribution, UNIQUE, so nothing is reversed twice) and its
-- reversal_entries, which take back exactly what the payment put in each place: each round it reached (kind 'Pot',
-- read by pot_movements as a negative movement), credit it left carried past the cycle's last round ('Credit'), or
-- the welfare fund ('Welfare'). Nothing is updated or deleted: contributions.amount_minor stays > 0.
CREATE TABLE payment_corrections (
    id                      INTEGER PRIMARY KEY,
    chama_id                INTEGER NOT NULL REFERENCES chamas (id),
    recorded_payment_id     INTEGER NOT NULL REFERENCES recorded_payments (id),
    proposer_member_id      INTEGER NOT NULL REFERENCES members (id),
    reason                  TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    channel                 TEXT NOT NULL,
    proposed_at             INTEGER NOT NULL
) STRICT;
CREATE INDEX payment_corrections_by_payment ON payment_corrections (recorded_payment_id);

CREATE TABLE payment_reversals (
    id                      INTEGER PRIMARY KEY,
    chama_id                INTEGER NOT NULL REFERENCES chamas (id),
    contribution_id         INTEGER NOT NULL UNIQUE REFERENCES contributions (id),
    correction_id           INTEGER NOT NULL UNIQUE REFERENCES payment_corrections (id),
    amount_minor            INTEGER NOT NULL CHECK (amount_minor > 0),
    currency                TEXT NOT NULL,
    reversed_at             INTEGER NOT NULL
) STRICT;

CREATE TABLE reversal_entries (
    id                      INTEGER PRIMARY KEY,
    reversal_id             INTEGER NOT NULL REFERENCES payment_reversals (id),
    member_id               INTEGER NOT NULL REFERENCES members (id),
    round_id                INTEGER REFERENCES rounds (id),
    kind                    TEXT NOT NULL CHECK (kind IN ('Pot', 'Credit', 'Welfare')),
    amount_minor            INTEGER NOT NULL CHECK (amount_minor > 0),
    created_at              INTEGER NOT NULL,
    UNIQUE (reversal_id, round_id, kind),
    CHECK ((kind = 'Welfare') = (round_id IS NULL))
) STRICT;
CREATE INDEX reversal_entries_by_round ON reversal_entries (round_id, member_id);
CREATE INDEX reversal_entries_by_member ON reversal_entries (member_id);

DROP VIEW pot_movements;
CREATE VIEW pot_movements AS
    SELECT round_id, member_id, 'Contribution' AS kind, amount_minor FROM contributions WHERE fund = 'Pot'
    UNION ALL
    SELECT round_id, member_id, kind, amount_minor FROM credit_entries
    UNION ALL
    SELECT round_id, member_id, 'Reversal' AS kind, amount_minor FROM reversal_entries WHERE kind = 'Pot';

CREATE TRIGGER payment_corrections_append_only_update BEFORE UPDATE ON payment_corrections BEGIN SELECT RAISE(ABORT, 'payment corrections are append-only'); END;
CREATE TRIGGER payment_corrections_append_only_delete BEFORE DELETE ON payment_corrections BEGIN SELECT RAISE(ABORT, 'payment corrections are append-only'); END;
CREATE TRIGGER payment_reversals_append_only_update BEFORE UPDATE ON payment_reversals BEGIN SELECT RAISE(ABORT, 'payment reversals are append-only'); END;
CREATE TRIGGER payment_reversals_append_only_delete BEFORE DELETE ON payment_reversals BEGIN SELECT RAISE(ABORT, 'payment reversals are append-only'); END;
CREATE TRIGGER reversal_entries_append_only_update BEFORE UPDATE ON reversal_entries BEGIN SELECT RAISE(ABORT, 'reversal entries are append-only'); END;
CREATE TRIGGER reversal_entries_append_only_delete BEFORE DELETE ON reversal_entries BEGIN SELECT RAISE(ABORT, 'reversal entries are append-only'); END;

-- The votes table learns the new kind. SQLite cannot change a CHECK in place: the table is rebuilt with every vote kept,
-- in the order cast, and its triggers and index made again.
CREATE TABLE decision_votes_new (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    subject_kind        TEXT NOT NULL CHECK (subject_kind IN ('Pot', 'Welfare', 'Rule', 'Join', 'Swap', 'Role', 'PayoutPhone', 'Statement', 'Correction')),
    subject_id          INTEGER NOT NULL,
    attempt             INTEGER NOT NULL DEFAULT 1,
    officer_member_id   INTEGER NOT NULL REFERENCES members (id),
    decision            TEXT NOT NULL CHECK (decision IN ('Approve', 'Reject')),
    reason              TEXT,
    channel             TEXT NOT NULL,
    decided_at          INTEGER NOT NULL,
    UNIQUE (subject_kind, subject_id, attempt, officer_member_id),
    CHECK (decision = 'Approve' OR subject_kind IN ('Pot', 'Welfare') OR length(trim(reason)) > 0)
) STRICT;
INSERT INTO decision_votes_new (id, chama_id, subject_kind, subject_id, attempt, officer_member_id, decision, reason, channel, decided_at)
SELECT id, chama_id, subject_kind, subject_id, attempt, officer_member_id, decision, reason, channel, decided_at FROM decision_votes ORDER BY id;
DROP TABLE decision_votes;
ALTER TABLE decision_votes_new RENAME TO decision_votes;
CREATE INDEX decision_votes_by_chama ON decision_votes (chama_id, subject_kind, subject_id);
CREATE TRIGGER decision_votes_append_only_update BEFORE UPDATE ON decision_votes BEGIN SELECT RAISE(ABORT, 'decision votes are append-only'); END;
CREATE TRIGGER decision_votes_append_only_delete BEFORE DELETE ON decision_votes BEGIN SELECT RAISE(ABORT, 'decision votes are append-only'); END;
