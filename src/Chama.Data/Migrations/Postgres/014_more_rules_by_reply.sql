-- More of the constitution changeable by the officers' quorum: the meeting frequency, the welfare levy, a limit on one
-- welfare payout, the fine mode and cap, and the exit deduction (a percentage of what a leaving member paid).

-- SQLite rebuilds the proposals, votes and constitutions here; PostgreSQL replaces the CHECK and adds the columns in
-- place, every row and append-only trigger kept as it was.
ALTER TABLE constitution_proposals DROP CONSTRAINT constitution_proposals_rule_check;
ALTER TABLE constitution_proposals ADD CONSTRAINT constitution_proposals_rule_check
    CHECK (rule IN ('Contribution', 'Fine', 'Grace', 'Quorum', 'Cooling', 'Pending',
                    'Frequency', 'Levy', 'WelfareLimit', 'FineMode', 'FineCap', 'ExitDeduction'));

ALTER TABLE constitutions ADD COLUMN welfare_payout_limit_minor BIGINT NOT NULL DEFAULT 0 CHECK (welfare_payout_limit_minor >= 0);
ALTER TABLE constitutions ADD COLUMN exit_deduction_percent BIGINT NOT NULL DEFAULT 0 CHECK (exit_deduction_percent >= 0 AND exit_deduction_percent <= 100);
