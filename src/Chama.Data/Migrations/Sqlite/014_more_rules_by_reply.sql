-- More of the constitution changeable by the officers' quorum: the meeting frequency, the welfare levy, a limit on one
-- welfare payout, the fine mode and cap, and the exit deduction (a percentage of what a leaving member paid).

-- SQLite cannot change a CHECK constraint, so the proposals are rebuilt to accept the new rules, every row kept as it
-- was. The constitution versions and the votes reference the proposals, so they are copied too, dropped before the
-- proposals, and their copies follow the renamed proposals.
CREATE TABLE constitution_proposals_next (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    proposer_member_id  INTEGER NOT NULL REFERENCES members (id),
    rule                TEXT NOT NULL CHECK (rule IN ('Contribution', 'Fine', 'Grace', 'Quorum', 'Cooling', 'Pending',
                                                      'Frequency', 'Levy', 'WelfareLimit', 'FineMode', 'FineCap', 'ExitDeduction')),
    value               INTEGER NOT NULL CHECK (value >= 0),
    channel             TEXT NOT NULL,
    proposed_at         INTEGER NOT NULL
) STRICT;

CREATE TABLE constitution_votes_next (
    id                  INTEGER PRIMARY KEY,
    proposal_id         INTEGER NOT NULL REFERENCES constitution_proposals_next (id),
    officer_member_id   INTEGER NOT NULL REFERENCES members (id),
    decision            TEXT NOT NULL CHECK (decision IN ('Approve', 'Reject')),
    reason              TEXT,
    channel             TEXT NOT NULL,
    decided_at          INTEGER NOT NULL,
    UNIQUE (proposal_id, officer_member_id),
    CHECK (decision = 'Approve' OR length(trim(reason)) > 0)
) STRICT;

CREATE TABLE constitutions_next (
    id                          INTEGER PRIMARY KEY,
    chama_id                    INTEGER NOT NULL REFERENCES chamas (id),
    version                     INTEGER NOT NULL,
    contribution_minor          INTEGER NOT NULL CHECK (contribution_minor > 0),
    frequency                   TEXT NOT NULL CHECK (frequency IN ('Weekly', 'Fortnightly', 'Monthly')),
    welfare_levy_minor          INTEGER NOT NULL CHECK (welfare_levy_minor >= 0),
    late_fine_minor             INTEGER NOT NULL CHECK (late_fine_minor >= 0),
    approvals_required          INTEGER NOT NULL CHECK (approvals_required >= 1),
    members_see_pending         INTEGER NOT NULL CHECK (members_see_pending IN (0, 1)),
    created_at                  INTEGER NOT NULL,
    grace_days                  INTEGER NOT NULL DEFAULT 3 CHECK (grace_days >= 0 AND grace_days <= 31),
    fines_fund                  TEXT NOT NULL DEFAULT 'Welfare' CHECK (fines_fund IN ('Welfare')),
    welfare_cooling_off_hours   INTEGER NOT NULL DEFAULT 12 CHECK (welfare_cooling_off_hours >= 0 AND welfare_cooling_off_hours <= 168),
    changed_by_member_id        INTEGER REFERENCES members (id),
    changed_at                  INTEGER,
    proposal_id                 INTEGER REFERENCES constitution_proposals_next (id),
    fine_mode                   TEXT NOT NULL DEFAULT 'Flat' CHECK (fine_mode IN ('Flat', 'PerDay')),
    fine_cap_minor              INTEGER NOT NULL DEFAULT 0 CHECK (fine_cap_minor >= 0),
    welfare_payout_limit_minor  INTEGER NOT NULL DEFAULT 0 CHECK (welfare_payout_limit_minor >= 0),
    exit_deduction_percent      INTEGER NOT NULL DEFAULT 0 CHECK (exit_deduction_percent >= 0 AND exit_deduction_percent <= 100),
    UNIQUE (chama_id, version)
) STRICT;

INSERT INTO constitution_proposals_next (id, chama_id, proposer_member_id, rule, value, channel, proposed_at)
SELECT id, chama_id, proposer_member_id, rule, value, channel, proposed_at FROM constitution_proposals;
INSERT INTO constitution_votes_next (id, proposal_id, officer_member_id, decision, reason, channel, decided_at)
SELECT id, proposal_id, officer_member_id, decision, reason, channel, decided_at FROM constitution_votes;
INSERT INTO constitutions_next (id, chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor, approvals_required,
                                members_see_pending, created_at, grace_days, fines_fund, welfare_cooling_off_hours, changed_by_member_id,
                                changed_at, proposal_id, fine_mode, fine_cap_minor)
SELECT id, chama_id, version, contribution_minor, frequency, welfare_levy_minor, late_fine_minor, approvals_required,
       members_see_pending, created_at, grace_days, fines_fund, welfare_cooling_off_hours, changed_by_member_id,
       changed_at, proposal_id, fine_mode, fine_cap_minor
FROM constitutions;

DROP TABLE constitution_votes;
DROP TABLE constitutions;
DROP TABLE constitution_proposals;
ALTER TABLE constitution_proposals_next RENAME TO constitution_proposals;
ALTER TABLE constitution_votes_next RENAME TO constitution_votes;
ALTER TABLE constitutions_next RENAME TO constitutions;
CREATE INDEX constitution_proposals_by_chama ON constitution_proposals (chama_id);
CREATE UNIQUE INDEX constitutions_one_per_proposal ON constitutions (proposal_id) WHERE proposal_id IS NOT NULL;

CREATE TRIGGER constitution_proposals_append_only_update BEFORE UPDATE ON constitution_proposals BEGIN SELECT RAISE(ABORT, 'constitution proposals are append-only'); END;
CREATE TRIGGER constitution_proposals_append_only_delete BEFORE DELETE ON constitution_proposals BEGIN SELECT RAISE(ABORT, 'constitution proposals are append-only'); END;
CREATE TRIGGER constitution_votes_append_only_update BEFORE UPDATE ON constitution_votes BEGIN SELECT RAISE(ABORT, 'constitution votes are append-only'); END;
CREATE TRIGGER constitution_votes_append_only_delete BEFORE DELETE ON constitution_votes BEGIN SELECT RAISE(ABORT, 'constitution votes are append-only'); END;
