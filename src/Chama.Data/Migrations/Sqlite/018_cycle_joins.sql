-- A member joining the running cycle, when the officers approve it (otherwise a new member joins from the next cycle).
-- An officer proposes it, the officers' quorum approves it, and the approval that reaches the quorum appends the
-- joiner's round at the end of the cycle and records the join in the same transaction. Existing rounds and money are
-- never rewritten: the ledger reads from cycle_joins that the joiner owes every round from from_round on.

-- An officer's proposal that a member joins the running cycle (code J<id>).
CREATE TABLE cycle_join_proposals (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    cycle_id            INTEGER NOT NULL REFERENCES cycles (id),
    member_id           INTEGER NOT NULL REFERENCES members (id),
    proposer_member_id  INTEGER NOT NULL REFERENCES members (id),
    channel             TEXT NOT NULL,
    proposed_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX cycle_join_proposals_by_cycle ON cycle_join_proposals (cycle_id, member_id);

-- Each officer decides on a proposal once; the proposer's own approval is the first vote.
CREATE TABLE cycle_join_votes (
    id                  INTEGER PRIMARY KEY,
    proposal_id         INTEGER NOT NULL REFERENCES cycle_join_proposals (id),
    officer_member_id   INTEGER NOT NULL REFERENCES members (id),
    decision            TEXT NOT NULL CHECK (decision IN ('Approve', 'Reject')),
    reason              TEXT,
    channel             TEXT NOT NULL,
    decided_at          INTEGER NOT NULL,
    UNIQUE (proposal_id, officer_member_id),
    CHECK (decision = 'Approve' OR length(trim(reason)) > 0)
) STRICT;

-- The join itself: the member owes every round of the cycle from from_round on, and receives the pot in own_round,
-- the round appended for them. A member joins a cycle once; a proposal makes one join.
CREATE TABLE cycle_joins (
    id                  INTEGER PRIMARY KEY,
    cycle_id            INTEGER NOT NULL REFERENCES cycles (id),
    member_id           INTEGER NOT NULL REFERENCES members (id),
    from_round          INTEGER NOT NULL CHECK (from_round >= 1),
    own_round           INTEGER NOT NULL,
    proposal_id         INTEGER NOT NULL UNIQUE REFERENCES cycle_join_proposals (id),
    at                  INTEGER NOT NULL,
    UNIQUE (cycle_id, member_id),
    UNIQUE (cycle_id, own_round),
    CHECK (own_round > from_round)
) STRICT;

CREATE TRIGGER cycle_join_proposals_append_only_update BEFORE UPDATE ON cycle_join_proposals BEGIN SELECT RAISE(ABORT, 'cycle join proposals are append-only'); END;
CREATE TRIGGER cycle_join_proposals_append_only_delete BEFORE DELETE ON cycle_join_proposals BEGIN SELECT RAISE(ABORT, 'cycle join proposals are append-only'); END;
CREATE TRIGGER cycle_join_votes_append_only_update BEFORE UPDATE ON cycle_join_votes BEGIN SELECT RAISE(ABORT, 'cycle join votes are append-only'); END;
CREATE TRIGGER cycle_join_votes_append_only_delete BEFORE DELETE ON cycle_join_votes BEGIN SELECT RAISE(ABORT, 'cycle join votes are append-only'); END;
CREATE TRIGGER cycle_joins_append_only_update BEFORE UPDATE ON cycle_joins BEGIN SELECT RAISE(ABORT, 'cycle joins are append-only'); END;
CREATE TRIGGER cycle_joins_append_only_delete BEFORE DELETE ON cycle_joins BEGIN SELECT RAISE(ABORT, 'cycle joins are append-only'); END;
