-- A member leaving: recorded once by an officer, with the reason and what the exit rule made of their money. The
-- member's row becomes inactive; their rounds stay as they were (history is never rewritten), and from from_round on
-- the running cycle expects nothing more from them. The refund is owed, not paid: officers pay it later.
CREATE TABLE member_exits (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    member_id           INTEGER NOT NULL UNIQUE REFERENCES members (id),
    cycle_id            INTEGER REFERENCES cycles (id),
    from_round          INTEGER CHECK (from_round >= 1),
    received_pot        INTEGER NOT NULL CHECK (received_pot IN (0, 1)),
    paid_minor          INTEGER NOT NULL CHECK (paid_minor >= 0),
    deduction_percent   INTEGER NOT NULL CHECK (deduction_percent >= 0 AND deduction_percent <= 100),
    refund_minor        INTEGER NOT NULL CHECK (refund_minor >= 0),
    outstanding_minor   INTEGER NOT NULL CHECK (outstanding_minor >= 0),
    currency            TEXT NOT NULL,
    reason              TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    officer_member_id   INTEGER NOT NULL REFERENCES members (id),
    channel             TEXT NOT NULL,
    at                  INTEGER NOT NULL,
    CHECK ((cycle_id IS NULL) = (from_round IS NULL))
) STRICT;
CREATE INDEX member_exits_by_cycle ON member_exits (cycle_id);

CREATE TRIGGER member_exits_append_only_update BEFORE UPDATE ON member_exits BEGIN SELECT RAISE(ABORT, 'member exits are append-only'); END;
CREATE TRIGGER member_exits_append_only_delete BEFORE DELETE ON member_exits BEGIN SELECT RAISE(ABORT, 'member exits are append-only'); END;
