-- The doors to the money are decided under the officers' quorum: granting or removing officer roles ('Role') and
-- changing the phone a member's payouts go to ('PayoutPhone'). An officer proposes the change (code O<id> or N<id>);
-- the votes are in decision_votes; the approval that reaches the quorum makes the change and records it in
-- member_changes, in one transaction. Nothing here is updated or deleted.
CREATE TABLE member_change_proposals (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    member_id           INTEGER NOT NULL REFERENCES members (id),
    kind                TEXT NOT NULL CHECK (kind IN ('Role', 'PayoutPhone')),
    roles               INTEGER,
    receive_phone       TEXT,
    proposer_member_id  INTEGER NOT NULL REFERENCES members (id),
    channel             TEXT NOT NULL,
    proposed_at         INTEGER NOT NULL,
    CHECK ((kind = 'Role' AND roles IS NOT NULL AND receive_phone IS NULL) OR (kind = 'PayoutPhone' AND receive_phone IS NOT NULL AND roles IS NULL))
) STRICT;
CREATE INDEX member_change_proposals_by_member ON member_change_proposals (chama_id, member_id, kind);

-- A proposal carried: the change was made at 'at'. A new payout phone receives nothing until the constitution's delay
-- after that moment has passed.
CREATE TABLE member_changes (
    id                  INTEGER PRIMARY KEY,
    proposal_id         INTEGER NOT NULL UNIQUE REFERENCES member_change_proposals (id),
    member_id           INTEGER NOT NULL REFERENCES members (id),
    kind                TEXT NOT NULL CHECK (kind IN ('Role', 'PayoutPhone')),
    at                  INTEGER NOT NULL
) STRICT;
CREATE INDEX member_changes_by_member ON member_changes (member_id, kind, at);

CREATE TRIGGER member_change_proposals_append_only_update BEFORE UPDATE ON member_change_proposals BEGIN SELECT RAISE(ABORT, 'member change proposals are append-only'); END;
CREATE TRIGGER member_change_proposals_append_only_delete BEFORE DELETE ON member_change_proposals BEGIN SELECT RAISE(ABORT, 'member change proposals are append-only'); END;
CREATE TRIGGER member_changes_append_only_update BEFORE UPDATE ON member_changes BEGIN SELECT RAISE(ABORT, 'member changes are append-only'); END;
CREATE TRIGGER member_changes_append_only_delete BEFORE DELETE ON member_changes BEGIN SELECT RAISE(ABORT, 'member changes are append-only'); END;

-- Hours a new payout phone waits before it receives anything (Rule: payout phone delay), 24 unless changed.
ALTER TABLE constitutions ADD COLUMN payout_phone_delay_hours INTEGER NOT NULL DEFAULT 24 CHECK (payout_phone_delay_hours BETWEEN 0 AND 168);
