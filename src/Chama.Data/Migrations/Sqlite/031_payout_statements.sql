-- What the M-Pesa statement shows for a payout M-Pesa never confirmed, as an officer proposes it (code U<id>): paid,
-- with the statement's receipt, or not paid. The votes are in decision_votes; the approval that reaches the quorum
-- settles the payout in the same transaction (disbursement_events), so one officer alone can neither mark a payout paid
-- that was not nor free a pot for a second payout. Nothing here is updated or deleted.
CREATE TABLE payout_statements (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    disbursement_id     INTEGER NOT NULL REFERENCES disbursements (id),
    paid                INTEGER NOT NULL CHECK (paid IN (0, 1)),
    receipt             TEXT,
    proposer_member_id  INTEGER NOT NULL REFERENCES members (id),
    channel             TEXT NOT NULL,
    proposed_at         INTEGER NOT NULL,
    CHECK ((paid = 1 AND receipt IS NOT NULL) OR (paid = 0 AND receipt IS NULL))
) STRICT;
CREATE INDEX payout_statements_by_payout ON payout_statements (disbursement_id);

CREATE TRIGGER payout_statements_append_only_update BEFORE UPDATE ON payout_statements BEGIN SELECT RAISE(ABORT, 'payout statements are append-only'); END;
CREATE TRIGGER payout_statements_append_only_delete BEFORE DELETE ON payout_statements BEGIN SELECT RAISE(ABORT, 'payout statements are append-only'); END;
