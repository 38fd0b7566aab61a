-- Every transaction status query asked about a payout, with the ids of Daraja's synchronous answer. The query's Result
-- arrives under those ids (the envelope's ids are the query's own, not the payout's), so they are what matches it to
-- its payout. A query whose answer never came (Daraja unreachable) is kept without ids: it still counts for the backoff.
CREATE TABLE payout_status_queries (
    id                          INTEGER PRIMARY KEY,
    disbursement_id             INTEGER NOT NULL REFERENCES disbursements (id),
    conversation_id             TEXT UNIQUE,
    originator_conversation_id  TEXT UNIQUE,
    asked_at                    INTEGER NOT NULL
) STRICT;
CREATE INDEX payout_status_queries_by_payout ON payout_status_queries (disbursement_id);
CREATE TRIGGER payout_status_queries_append_only_update BEFORE UPDATE ON payout_status_queries BEGIN SELECT RAISE(ABORT, 'payout status queries are append-only'); END;
CREATE TRIGGER payout_status_queries_append_only_delete BEFORE DELETE ON payout_status_queries BEGIN SELECT RAISE(ABORT, 'payout status queries are append-only'); END;
