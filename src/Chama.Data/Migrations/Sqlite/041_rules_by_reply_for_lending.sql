-- The rules added since 014 are proposed and decided like every rule (RULE PHONEDELAY 24, RULE SAVINGS 1000, RULE
-- LOANMULTIPLE 3 …), so a proposal may now name them: without this its insert broke the CHECK and the host answered 500.
--
-- The rule's CHECK is widened in place, as 035 and 040 do: constitution_proposals is referenced by the votes and the
-- constitution versions, so the usual rebuild is not open to a migration, and SQLite documents editing the stored
-- CREATE TABLE text for a change every stored row already meets (https://sqlite.org/lang_altertable.html, section 7).
-- RESET reloads this connection's schema; the CREATE INDEX below changes the schema cookie, so every other connection
-- reloads it too.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, '''ExitDeduction''))', '''ExitDeduction'', ''PhoneDelay'', ''Savings'', ''LoanMultiple'', ''LoanCap'', ''InterestMethod'', ''InterestRate'', ''LoanTerm'', ''Guarantors'', ''GuaranteeShare'', ''LoanPenalty'', ''LendLimit'', ''DefaultAfter''))')
WHERE type = 'table' AND name = 'constitution_proposals';
PRAGMA writable_schema = RESET;

-- A member's savings subtract the share-out lines paid to them: found by member, not by reading every line.
CREATE INDEX share_out_lines_by_member ON share_out_lines (member_id);
