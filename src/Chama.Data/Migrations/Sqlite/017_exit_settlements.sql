-- Rule 8 paid: the pot of the round that was to go to a member who left before it is divided once, when the officers'
-- quorum approves it. The leaver's exit refund is paid from it by M-Pesa (a 'Pot' disbursement of that round to the
-- leaver's receive phone); the rest stays with the chama in its welfare fund. One settlement per exit and per round.
CREATE TABLE exit_settlements (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    exit_id             INTEGER NOT NULL UNIQUE REFERENCES member_exits (id),
    round_id            INTEGER NOT NULL UNIQUE REFERENCES rounds (id),
    collected_minor     INTEGER NOT NULL CHECK (collected_minor >= 0),
    refund_minor        INTEGER NOT NULL CHECK (refund_minor >= 0),
    to_welfare_minor    INTEGER NOT NULL CHECK (to_welfare_minor >= 0),
    currency            TEXT NOT NULL,
    settled_at          INTEGER NOT NULL,
    CHECK (refund_minor + to_welfare_minor = collected_minor)
) STRICT;
CREATE INDEX exit_settlements_by_chama ON exit_settlements (chama_id);

CREATE TRIGGER exit_settlements_append_only_update BEFORE UPDATE ON exit_settlements BEGIN SELECT RAISE(ABORT, 'exit settlements are append-only'); END;
CREATE TRIGGER exit_settlements_append_only_delete BEFORE DELETE ON exit_settlements BEGIN SELECT RAISE(ABORT, 'exit settlements are append-only'); END;
