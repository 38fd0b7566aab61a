-- One table for every officers' vote, whatever is decided: pots and welfare payouts (per payout attempt), rule changes,
-- joins of the running cycle and held swaps until now, role and payout-phone changes from here on. The four tables
-- these votes lived in are copied here with their history, in the order they were cast, and dropped.
CREATE TABLE decision_votes (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    subject_kind        TEXT NOT NULL CHECK (subject_kind IN ('Pot', 'Welfare', 'Rule', 'Join', 'Swap', 'Role', 'PayoutPhone', 'Statement')),
    subject_id          INTEGER NOT NULL,
    attempt             INTEGER NOT NULL DEFAULT 1,
    officer_member_id   INTEGER NOT NULL REFERENCES members (id),
    decision            TEXT NOT NULL CHECK (decision IN ('Approve', 'Reject')),
    reason              TEXT,
    channel             TEXT NOT NULL,
    decided_at          INTEGER NOT NULL,
    UNIQUE (subject_kind, subject_id, attempt, officer_member_id),
    -- A payout may be rejected without a reason, as it always could; every other decision needs one.
    CHECK (decision = 'Approve' OR subject_kind IN ('Pot', 'Welfare') OR length(trim(reason)) > 0)
) STRICT;
CREATE INDEX decision_votes_by_chama ON decision_votes (chama_id, subject_kind, subject_id);

INSERT INTO decision_votes (chama_id, subject_kind, subject_id, attempt, officer_member_id, decision, reason, channel, decided_at)
SELECT chama_id, kind, subject_id, attempt, officer_member_id, decision, reason, channel, decided_at FROM (
    SELECT chama_id, subject_kind AS kind, subject_id, attempt, officer_member_id, decision, reason, channel, decided_at, id, 1 AS source
    FROM approvals
    UNION ALL
    SELECT p.chama_id, 'Rule', v.proposal_id, 1, v.officer_member_id, v.decision, v.reason, v.channel, v.decided_at, v.id, 2
    FROM constitution_votes v JOIN constitution_proposals p ON p.id = v.proposal_id
    UNION ALL
    SELECT p.chama_id, 'Join', v.proposal_id, 1, v.officer_member_id, v.decision, v.reason, v.channel, v.decided_at, v.id, 3
    FROM cycle_join_votes v JOIN cycle_join_proposals p ON p.id = v.proposal_id
    UNION ALL
    SELECT s.chama_id, 'Swap', v.swap_id, 1, v.officer_member_id, v.decision, v.reason, v.channel, v.decided_at, v.id, 4
    FROM seat_swap_votes v JOIN seat_swaps s ON s.id = v.swap_id
) ORDER BY decided_at, source, id;

DROP TRIGGER approvals_append_only_update;
DROP TRIGGER approvals_append_only_delete;
DROP TRIGGER constitution_votes_append_only_update;
DROP TRIGGER constitution_votes_append_only_delete;
DROP TRIGGER cycle_join_votes_append_only_update;
DROP TRIGGER cycle_join_votes_append_only_delete;
DROP TRIGGER seat_swap_votes_append_only_update;
DROP TRIGGER seat_swap_votes_append_only_delete;
DROP TABLE approvals;
DROP TABLE constitution_votes;
DROP TABLE cycle_join_votes;
DROP TABLE seat_swap_votes;

CREATE TRIGGER decision_votes_append_only_update BEFORE UPDATE ON decision_votes BEGIN SELECT RAISE(ABORT, 'decision votes are append-only'); END;
CREATE TRIGGER decision_votes_append_only_delete BEFORE DELETE ON decision_votes BEGIN SELECT RAISE(ABORT, 'decision votes are append-only'); END;
