-- Seat swaps by consent. A request and its answer are entries of their own and never change. Rounds are the plan, not
-- money: an accepted swap exchanges the two rounds' recipients in place, in the transaction that records the answer,
-- so these two tables are the history of who received which round and why.

-- A request: who asked whom, and the two rounds of the running cycle whose recipients would be exchanged.
CREATE TABLE seat_swaps (
    id                      INTEGER PRIMARY KEY,
    chama_id                INTEGER NOT NULL REFERENCES chamas (id),
    cycle_id                INTEGER NOT NULL REFERENCES cycles (id),
    requester_member_id     INTEGER NOT NULL REFERENCES members (id),
    counterpart_member_id   INTEGER NOT NULL REFERENCES members (id),
    requester_round_id      INTEGER NOT NULL REFERENCES rounds (id),
    counterpart_round_id    INTEGER NOT NULL REFERENCES rounds (id),
    channel                 TEXT NOT NULL,
    requested_at            INTEGER NOT NULL,
    expires_at              INTEGER NOT NULL,
    CHECK (requester_member_id <> counterpart_member_id),
    CHECK (requester_round_id <> counterpart_round_id),
    CHECK (expires_at > requested_at)
) STRICT;
CREATE INDEX seat_swaps_by_counterpart ON seat_swaps (counterpart_member_id);
CREATE INDEX seat_swaps_by_requester ON seat_swaps (requester_member_id);

-- The answer: accepted, declined, or lapsed unanswered. A swap is answered at most once, held by the database.
-- No row means the swap is still Requested (until its expires_at).
CREATE TABLE seat_swap_answers (
    id              INTEGER PRIMARY KEY,
    swap_id         INTEGER NOT NULL UNIQUE REFERENCES seat_swaps (id),
    state           TEXT NOT NULL CHECK (state IN ('Accepted', 'Declined', 'Expired')),
    member_id       INTEGER REFERENCES members (id),
    channel         TEXT NOT NULL,
    decided_at      INTEGER NOT NULL
) STRICT;

CREATE TRIGGER seat_swaps_append_only_update BEFORE UPDATE ON seat_swaps BEGIN SELECT RAISE(ABORT, 'seat swaps are append-only'); END;
CREATE TRIGGER seat_swaps_append_only_delete BEFORE DELETE ON seat_swaps BEGIN SELECT RAISE(ABORT, 'seat swaps are append-only'); END;
CREATE TRIGGER seat_swap_answers_append_only_update BEFORE UPDATE ON seat_swap_answers BEGIN SELECT RAISE(ABORT, 'seat swap answers are append-only'); END;
CREATE TRIGGER seat_swap_answers_append_only_delete BEFORE DELETE ON seat_swap_answers BEGIN SELECT RAISE(ABORT, 'seat swap answers are append-only'); END;
