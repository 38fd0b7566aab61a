-- A chama may keep savings instead of a rotation (a contribution of zero, which the constitution allows only beside
-- savings), and savings and loan repayments are paid at any time, in a cycle or not: a push for them names no round.
-- Both loosen a constraint every stored row already meets, so the stored CREATE TABLE text is edited, as SQLite documents
-- for such a change (https://sqlite.org/lang_altertable.html, section 7); see 035 for why a rebuild is not open here.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'contribution_minor          INTEGER NOT NULL CHECK (contribution_minor > 0)', 'contribution_minor          INTEGER NOT NULL CHECK (contribution_minor >= 0)')
WHERE type = 'table' AND name = 'constitutions';
UPDATE sqlite_schema SET sql = replace(sql, 'round_id            INTEGER NOT NULL REFERENCES rounds (id)', 'round_id            INTEGER REFERENCES rounds (id)')
WHERE type = 'table' AND name = 'payment_requests';
PRAGMA writable_schema = RESET;
-- Every other purpose still names the round it was made in.
CREATE TRIGGER payment_requests_round_named BEFORE INSERT ON payment_requests
WHEN NEW.round_id IS NULL AND NEW.purpose NOT IN ('Savings', 'Loan')
BEGIN SELECT RAISE(ABORT, 'a payment request names its round'); END;
