-- An officer's proposal to recover a defaulted loan from its guarantors' pledged savings, decided as K<loan id> in
-- decision_votes (subject_kind 'Recovery', subject_id the loan, attempt this row's attempt). A rejection closes its
-- attempt; proposing again opens the next one, voted on afresh.
CREATE TABLE loan_recovery_proposals (
    id                  INTEGER PRIMARY KEY,
    loan_id             INTEGER NOT NULL REFERENCES loans (id),
    attempt             INTEGER NOT NULL CHECK (attempt >= 1),
    proposer_member_id  INTEGER NOT NULL REFERENCES members (id),
    channel             TEXT NOT NULL,
    proposed_at         INTEGER NOT NULL,
    UNIQUE (loan_id, attempt)
) STRICT;
CREATE TRIGGER loan_recovery_proposals_append_only_update BEFORE UPDATE ON loan_recovery_proposals BEGIN SELECT RAISE(ABORT, 'loan recovery proposals are append-only'); END;
CREATE TRIGGER loan_recovery_proposals_append_only_delete BEFORE DELETE ON loan_recovery_proposals BEGIN SELECT RAISE(ABORT, 'loan recovery proposals are append-only'); END;
