-- Constitution changes by the officers' quorum, and the cooling-off before a welfare payout is sent.

-- Who made a version and when, and the proposal it came from (version 1 is written when the chama is created).
ALTER TABLE constitutions ADD COLUMN welfare_cooling_off_hours INTEGER NOT NULL DEFAULT 12 CHECK (welfare_cooling_off_hours >= 0 AND welfare_cooling_off_hours <= 168);
ALTER TABLE constitutions ADD COLUMN changed_by_member_id INTEGER REFERENCES members (id);
ALTER TABLE constitutions ADD COLUMN changed_at INTEGER;
ALTER TABLE constitutions ADD COLUMN proposal_id INTEGER REFERENCES constitution_proposals (id);
CREATE UNIQUE INDEX constitutions_one_per_proposal ON constitutions (proposal_id) WHERE proposal_id IS NOT NULL;

-- An officer's proposal to change one rule. It takes effect as a new constitution version once the quorum approves.
CREATE TABLE constitution_proposals (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    proposer_member_id  INTEGER NOT NULL REFERENCES members (id),
    rule                TEXT NOT NULL CHECK (rule IN ('Contribution', 'Fine', 'Grace', 'Quorum', 'Cooling', 'Pending')),
    value               INTEGER NOT NULL CHECK (value >= 0),
    channel             TEXT NOT NULL,
    proposed_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX constitution_proposals_by_chama ON constitution_proposals (chama_id);

-- Each officer decides on a proposal once; the proposer's own approval is the first vote.
CREATE TABLE constitution_votes (
    id                  INTEGER PRIMARY KEY,
    proposal_id         INTEGER NOT NULL REFERENCES constitution_proposals (id),
    officer_member_id   INTEGER NOT NULL REFERENCES members (id),
    decision            TEXT NOT NULL CHECK (decision IN ('Approve', 'Reject')),
    reason              TEXT,
    channel             TEXT NOT NULL,
    decided_at          INTEGER NOT NULL,
    UNIQUE (proposal_id, officer_member_id),
    CHECK (decision = 'Approve' OR length(trim(reason)) > 0)
) STRICT;

CREATE TRIGGER constitution_proposals_append_only_update BEFORE UPDATE ON constitution_proposals BEGIN SELECT RAISE(ABORT, 'constitution proposals are append-only'); END;
CREATE TRIGGER constitution_proposals_append_only_delete BEFORE DELETE ON constitution_proposals BEGIN SELECT RAISE(ABORT, 'constitution proposals are append-only'); END;
CREATE TRIGGER constitution_votes_append_only_update BEFORE UPDATE ON constitution_votes BEGIN SELECT RAISE(ABORT, 'constitution votes are append-only'); END;
CREATE TRIGGER constitution_votes_append_only_delete BEFORE DELETE ON constitution_votes BEGIN SELECT RAISE(ABORT, 'constitution votes are append-only'); END;

-- A welfare payout is not sent before this time (its approval plus the constitution's cooling-off); a pot's is at once.
ALTER TABLE disbursements ADD COLUMN send_after INTEGER NOT NULL DEFAULT 0;
