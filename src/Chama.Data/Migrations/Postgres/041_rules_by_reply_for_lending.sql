-- The rules added since 014 are proposed and decided like every rule (RULE PHONEDELAY 24, RULE SAVINGS 1000, RULE
-- LOANMULTIPLE 3 …), so a proposal may now name them. PostgreSQL replaces the CHECK in place (SQLite edits its stored text).
ALTER TABLE constitution_proposals DROP CONSTRAINT constitution_proposals_rule_check;
ALTER TABLE constitution_proposals ADD CONSTRAINT constitution_proposals_rule_check
    CHECK (rule IN ('Contribution', 'Fine', 'Grace', 'Quorum', 'Cooling', 'Pending',
                    'Frequency', 'Levy', 'WelfareLimit', 'FineMode', 'FineCap', 'ExitDeduction', 'PhoneDelay',
                    'Savings', 'LoanMultiple', 'LoanCap', 'InterestMethod', 'InterestRate', 'LoanTerm', 'Guarantors',
                    'GuaranteeShare', 'LoanPenalty', 'LendLimit', 'DefaultAfter'));

-- A member's savings subtract the share-out lines paid to them: found by member, not by reading every line.
CREATE INDEX share_out_lines_by_member ON share_out_lines (member_id);
