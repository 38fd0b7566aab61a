-- A swap involving a member with arrears is not refused: once the counterpart consents it is held for the officers,
-- who approve it (the constitution's quorum, never a party's own vote) or reject it, by reply.

-- The counterpart's consent to a swap held for the officers. A swap is held at most once; no answer row yet.
CREATE TABLE seat_swap_holds (
    id          INTEGER PRIMARY KEY,
    swap_id     INTEGER NOT NULL UNIQUE REFERENCES seat_swaps (id),
    member_id   INTEGER NOT NULL REFERENCES members (id),
    channel     TEXT NOT NULL,
    held_at     INTEGER NOT NULL
) STRICT;

-- Each officer decides on a held swap once.
CREATE TABLE seat_swap_votes (
    id                  INTEGER PRIMARY KEY,
    swap_id             INTEGER NOT NULL REFERENCES seat_swaps (id),
    officer_member_id   INTEGER NOT NULL REFERENCES members (id),
    decision            TEXT NOT NULL CHECK (decision IN ('Approve', 'Reject')),
    reason              TEXT,
    channel             TEXT NOT NULL,
    decided_at          INTEGER NOT NULL,
    UNIQUE (swap_id, officer_member_id),
    CHECK (decision = 'Approve' OR length(trim(reason)) > 0)
) STRICT;

CREATE TRIGGER seat_swap_holds_append_only_update BEFORE UPDATE ON seat_swap_holds BEGIN SELECT RAISE(ABORT, 'seat swap holds are append-only'); END;
CREATE TRIGGER seat_swap_holds_append_only_delete BEFORE DELETE ON seat_swap_holds BEGIN SELECT RAISE(ABORT, 'seat swap holds are append-only'); END;
CREATE TRIGGER seat_swap_votes_append_only_update BEFORE UPDATE ON seat_swap_votes BEGIN SELECT RAISE(ABORT, 'seat swap votes are append-only'); END;
CREATE TRIGGER seat_swap_votes_append_only_delete BEFORE DELETE ON seat_swap_votes BEGIN SELECT RAISE(ABORT, 'seat swap votes are append-only'); END;
