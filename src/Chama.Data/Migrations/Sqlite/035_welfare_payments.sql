-- A member may pay into the welfare fund of their own will, by M-Pesa: a payment request may now pay 'Welfare'.
--
-- The purpose's CHECK is widened in place. SQLite cannot alter a CHECK, and the usual rebuild of payment_requests is
-- not open to a migration: contributions reference it, dropping a referenced table fails the foreign keys, and they
-- cannot be turned off inside the migration's transaction. SQLite documents editing the stored CREATE TABLE text for
-- a change that leaves every stored row valid, such as loosening a CHECK (https://sqlite.org/lang_altertable.html,
-- section 7): every row already passes the wider check. RESET reloads this connection's schema; the CREATE INDEX
-- below changes the schema cookie, so every other connection reloads it too.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (purpose IN (''Contribution'', ''Fines''))', 'CHECK (purpose IN (''Contribution'', ''Fines'', ''Welfare''))')
WHERE type = 'table' AND name = 'payment_requests';
PRAGMA writable_schema = RESET;

-- A member's statement lists the pots paid to them: found by recipient, not by reading every payout.
CREATE INDEX disbursements_by_recipient ON disbursements (recipient_member_id);
