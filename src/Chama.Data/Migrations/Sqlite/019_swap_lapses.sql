-- A swap held for the officers that they do not decide lapses when the earlier of its two rounds falls due (after that
-- the pot order can no longer change safely). The lapse is recorded once, by the scheduler, as an entry of its own; the
-- swap's state is derived from it. Decisions check the due date themselves, so a late run of the scheduler changes nothing.
CREATE TABLE seat_swap_lapses (
    id          INTEGER PRIMARY KEY,
    swap_id     INTEGER NOT NULL UNIQUE REFERENCES seat_swaps (id),
    lapsed_at   INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    CHECK (recorded_at >= lapsed_at)
) STRICT;

CREATE TRIGGER seat_swap_lapses_append_only_update BEFORE UPDATE ON seat_swap_lapses BEGIN SELECT RAISE(ABORT, 'seat swap lapses are append-only'); END;
CREATE TRIGGER seat_swap_lapses_append_only_delete BEFORE DELETE ON seat_swap_lapses BEGIN SELECT RAISE(ABORT, 'seat swap lapses are append-only'); END;
