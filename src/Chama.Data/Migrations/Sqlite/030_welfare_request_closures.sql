-- A welfare request closed because the fund could not pay it when the approval that would start its payout came (the
-- fund had been spent meanwhile). A fact of its own, once per request, never changed: a closed request is no longer
-- open for decision, and its requester may ask afresh.
CREATE TABLE welfare_request_closures (
    id                INTEGER PRIMARY KEY,
    request_id        INTEGER NOT NULL UNIQUE REFERENCES welfare_requests (id),
    chama_id          INTEGER NOT NULL REFERENCES chamas (id),
    fund_minor        INTEGER NOT NULL,
    officer_member_id INTEGER NOT NULL REFERENCES members (id),
    channel           TEXT NOT NULL,
    closed_at         INTEGER NOT NULL
) STRICT;

CREATE TRIGGER welfare_request_closures_append_only_update BEFORE UPDATE ON welfare_request_closures BEGIN SELECT RAISE(ABORT, 'welfare request closures are append-only'); END;
CREATE TRIGGER welfare_request_closures_append_only_delete BEFORE DELETE ON welfare_request_closures BEGIN SELECT RAISE(ABORT, 'welfare request closures are append-only'); END;
