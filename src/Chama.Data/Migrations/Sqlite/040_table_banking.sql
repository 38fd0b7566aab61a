-- Table banking (clauses 10 to 14): the savings a member puts in each meeting (0: none) and the lending rules. A loan
-- multiple of 0 means the chama does not lend; the other defaults are a common chama's, shown in RULES and changed
-- by the officers' quorum like every rule.
ALTER TABLE constitutions ADD COLUMN savings_minor INTEGER NOT NULL DEFAULT 0 CHECK (savings_minor >= 0);
ALTER TABLE constitutions ADD COLUMN loan_multiple INTEGER NOT NULL DEFAULT 0 CHECK (loan_multiple BETWEEN 0 AND 100);
ALTER TABLE constitutions ADD COLUMN loan_cap_minor INTEGER NOT NULL DEFAULT 0 CHECK (loan_cap_minor >= 0);
ALTER TABLE constitutions ADD COLUMN interest_method TEXT NOT NULL DEFAULT 'Flat' CHECK (interest_method IN ('Flat', 'Reducing'));
ALTER TABLE constitutions ADD COLUMN interest_rate_bp INTEGER NOT NULL DEFAULT 100 CHECK (interest_rate_bp BETWEEN 0 AND 10000);
ALTER TABLE constitutions ADD COLUMN loan_term_months INTEGER NOT NULL DEFAULT 12 CHECK (loan_term_months BETWEEN 1 AND 60);
ALTER TABLE constitutions ADD COLUMN guarantors INTEGER NOT NULL DEFAULT 2 CHECK (guarantors BETWEEN 0 AND 10);
ALTER TABLE constitutions ADD COLUMN guarantee_percent INTEGER NOT NULL DEFAULT 50 CHECK (guarantee_percent BETWEEN 0 AND 100);
ALTER TABLE constitutions ADD COLUMN loan_penalty_percent INTEGER NOT NULL DEFAULT 10 CHECK (loan_penalty_percent BETWEEN 0 AND 100);
ALTER TABLE constitutions ADD COLUMN lend_percent INTEGER NOT NULL DEFAULT 80 CHECK (lend_percent BETWEEN 0 AND 100);
ALTER TABLE constitutions ADD COLUMN default_after_missed INTEGER NOT NULL DEFAULT 3 CHECK (default_after_missed BETWEEN 1 AND 60);

-- Savings money is a contribution to the 'Savings' fund and a loan repayment one to the 'Loan' fund, so every receipt
-- stays unique across every way money arrives; a push may pay either; a payout may pay a loan or a share-out line; the
-- officers decide loans (L), recoveries from pledges (K) and share-outs (Y) in the one votes table.
-- SQLite cannot alter a CHECK, and these tables are referenced, so the usual rebuild is not open to a migration: the
-- stored CREATE TABLE text is edited for a change that leaves every stored row valid (loosening a CHECK), as SQLite
-- documents (https://sqlite.org/lang_altertable.html, section 7). RESET reloads this connection's schema; the CREATE
-- statements below change the schema cookie, so every other connection reloads it too.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (fund IN (''Pot'', ''Welfare''))', 'CHECK (fund IN (''Pot'', ''Welfare'', ''Savings'', ''Loan''))') WHERE type = 'table' AND name = 'contributions';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (purpose IN (''Contribution'', ''Fines'', ''Welfare''))', 'CHECK (purpose IN (''Contribution'', ''Fines'', ''Welfare'', ''Savings'', ''Loan''))') WHERE type = 'table' AND name = 'payment_requests';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (kind IN (''Pot'', ''Welfare''))', 'CHECK (kind IN (''Pot'', ''Welfare'', ''Loan'', ''ShareOut''))') WHERE type = 'table' AND name = 'disbursements';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (subject_kind IN (''Pot'', ''Welfare'', ''Rule'', ''Join'', ''Swap'', ''Role'', ''PayoutPhone'', ''Statement'', ''Correction''))', 'CHECK (subject_kind IN (''Pot'', ''Welfare'', ''Rule'', ''Join'', ''Swap'', ''Role'', ''PayoutPhone'', ''Statement'', ''Correction'', ''Loan'', ''Recovery'', ''ShareOut''))') WHERE type = 'table' AND name = 'decision_votes';
PRAGMA writable_schema = RESET;

-- A loan a member asked for: its terms as the constitution set them when it was asked, fixed for its life. What
-- happened to it since is in loan_events; one open loan a member is checked under the chama's write lock.
CREATE TABLE loans (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    member_id           INTEGER NOT NULL REFERENCES members (id),
    principal_minor     INTEGER NOT NULL CHECK (principal_minor > 0),
    currency            TEXT NOT NULL,
    term_months         INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 60),
    interest_method     TEXT NOT NULL CHECK (interest_method IN ('Flat', 'Reducing')),
    interest_rate_bp    INTEGER NOT NULL CHECK (interest_rate_bp BETWEEN 0 AND 10000),
    penalty_percent     INTEGER NOT NULL CHECK (penalty_percent BETWEEN 0 AND 100),
    request_key         TEXT NOT NULL UNIQUE,
    channel             TEXT NOT NULL,
    requested_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX loans_by_chama ON loans (chama_id, member_id);
CREATE TRIGGER loans_append_only_update BEFORE UPDATE ON loans BEGIN SELECT RAISE(ABORT, 'loans are append-only'); END;
CREATE TRIGGER loans_append_only_delete BEFORE DELETE ON loans BEGIN SELECT RAISE(ABORT, 'loans are append-only'); END;

-- The members who guarantee a loan and what each pledges from their own savings until it is repaid.
CREATE TABLE loan_guarantors (
    id                  INTEGER PRIMARY KEY,
    loan_id             INTEGER NOT NULL REFERENCES loans (id),
    member_id           INTEGER NOT NULL REFERENCES members (id),
    pledge_minor        INTEGER NOT NULL CHECK (pledge_minor >= 0),
    UNIQUE (loan_id, member_id)
) STRICT;
CREATE INDEX loan_guarantors_by_member ON loan_guarantors (member_id);
CREATE TRIGGER loan_guarantors_append_only_update BEFORE UPDATE ON loan_guarantors BEGIN SELECT RAISE(ABORT, 'loan guarantors are append-only'); END;
CREATE TRIGGER loan_guarantors_append_only_delete BEFORE DELETE ON loan_guarantors BEGIN SELECT RAISE(ABORT, 'loan guarantors are append-only'); END;

-- A guarantor's answer (GUARANTEE L5 / decline), once.
CREATE TABLE loan_guarantee_answers (
    guarantor_id        INTEGER PRIMARY KEY REFERENCES loan_guarantors (id),
    answer              TEXT NOT NULL CHECK (answer IN ('Accepted', 'Declined')),
    channel             TEXT NOT NULL,
    answered_at         INTEGER NOT NULL
) STRICT;
CREATE TRIGGER loan_guarantee_answers_append_only_update BEFORE UPDATE ON loan_guarantee_answers BEGIN SELECT RAISE(ABORT, 'loan guarantee answers are append-only'); END;
CREATE TRIGGER loan_guarantee_answers_append_only_delete BEFORE DELETE ON loan_guarantee_answers BEGIN SELECT RAISE(ABORT, 'loan guarantee answers are append-only'); END;

-- A loan's life, each status at most once: every guarantor accepted (it goes to the officers as L<id>), a guarantor
-- declined, the borrower withdrew it, the quorum approved or rejected it, its money reached the borrower, it was repaid,
-- it fell into default, it was recovered from the guarantors' pledges.
CREATE TABLE loan_events (
    id                  INTEGER PRIMARY KEY,
    loan_id             INTEGER NOT NULL REFERENCES loans (id),
    status              TEXT NOT NULL CHECK (status IN ('Guaranteed', 'Declined', 'Withdrawn', 'Approved', 'Rejected', 'PaidOut', 'Repaid', 'Defaulted', 'Recovered')),
    detail              TEXT NOT NULL DEFAULT '',
    at                  INTEGER NOT NULL,
    UNIQUE (loan_id, status)
) STRICT;
CREATE TRIGGER loan_events_append_only_update BEFORE UPDATE ON loan_events BEGIN SELECT RAISE(ABORT, 'loan events are append-only'); END;
CREATE TRIGGER loan_events_append_only_delete BEFORE DELETE ON loan_events BEGIN SELECT RAISE(ABORT, 'loan events are append-only'); END;

-- The schedule fixed when the loan's money reached the borrower: instalment n is due n months after that day.
CREATE TABLE loan_instalments (
    loan_id             INTEGER NOT NULL REFERENCES loans (id),
    number              INTEGER NOT NULL CHECK (number >= 1),
    due_on              TEXT NOT NULL,
    principal_minor     INTEGER NOT NULL CHECK (principal_minor >= 0),
    interest_minor      INTEGER NOT NULL CHECK (interest_minor >= 0),
    PRIMARY KEY (loan_id, number)
) STRICT;
CREATE TRIGGER loan_instalments_append_only_update BEFORE UPDATE ON loan_instalments BEGIN SELECT RAISE(ABORT, 'loan instalments are append-only'); END;
CREATE TRIGGER loan_instalments_append_only_delete BEFORE DELETE ON loan_instalments BEGIN SELECT RAISE(ABORT, 'loan instalments are append-only'); END;

-- Interest (the month that instalment n pays, charged at the month's start) and late-instalment penalties: each once.
CREATE TABLE loan_charges (
    id                  INTEGER PRIMARY KEY,
    loan_id             INTEGER NOT NULL REFERENCES loans (id),
    instalment          INTEGER NOT NULL CHECK (instalment >= 1),
    kind                TEXT NOT NULL CHECK (kind IN ('Interest', 'Penalty')),
    amount_minor        INTEGER NOT NULL CHECK (amount_minor >= 0),
    charged_at          INTEGER NOT NULL,
    UNIQUE (loan_id, instalment, kind)
) STRICT;
CREATE TRIGGER loan_charges_append_only_update BEFORE UPDATE ON loan_charges BEGIN SELECT RAISE(ABORT, 'loan charges are append-only'); END;
CREATE TRIGGER loan_charges_append_only_delete BEFORE DELETE ON loan_charges BEGIN SELECT RAISE(ABORT, 'loan charges are append-only'); END;

-- A repayment. Its money is a contribution to the 'Loan' fund (so its receipt is unique across every way money
-- arrives); here it is split penalty first, then interest, then principal, and what is left over goes to the member's
-- savings.
CREATE TABLE loan_repayments (
    id                  INTEGER PRIMARY KEY,
    contribution_id     INTEGER NOT NULL UNIQUE REFERENCES contributions (id),
    loan_id             INTEGER NOT NULL REFERENCES loans (id),
    penalty_minor       INTEGER NOT NULL CHECK (penalty_minor >= 0),
    interest_minor      INTEGER NOT NULL CHECK (interest_minor >= 0),
    principal_minor     INTEGER NOT NULL CHECK (principal_minor >= 0),
    to_savings_minor    INTEGER NOT NULL CHECK (to_savings_minor >= 0)
) STRICT;
CREATE INDEX loan_repayments_by_loan ON loan_repayments (loan_id);
CREATE TRIGGER loan_repayments_append_only_update BEFORE UPDATE ON loan_repayments BEGIN SELECT RAISE(ABORT, 'loan repayments are append-only'); END;
CREATE TRIGGER loan_repayments_append_only_delete BEFORE DELETE ON loan_repayments BEGIN SELECT RAISE(ABORT, 'loan repayments are append-only'); END;

-- Savings moved onto a loan: a guarantor's pledge after default (decision K<loan id>), or the borrower's own savings at
-- a share-out. Split like a repayment; each member's savings reach a loan once from each source.
CREATE TABLE loan_recoveries (
    id                  INTEGER PRIMARY KEY,
    loan_id             INTEGER NOT NULL REFERENCES loans (id),
    member_id           INTEGER NOT NULL REFERENCES members (id),
    source              TEXT NOT NULL CHECK (source IN ('Pledge', 'ShareOut')),
    penalty_minor       INTEGER NOT NULL CHECK (penalty_minor >= 0),
    interest_minor      INTEGER NOT NULL CHECK (interest_minor >= 0),
    principal_minor     INTEGER NOT NULL CHECK (principal_minor >= 0),
    recovered_at        INTEGER NOT NULL,
    UNIQUE (loan_id, member_id, source)
) STRICT;
CREATE INDEX loan_recoveries_by_member ON loan_recoveries (member_id);
CREATE TRIGGER loan_recoveries_append_only_update BEFORE UPDATE ON loan_recoveries BEGIN SELECT RAISE(ABORT, 'loan recoveries are append-only'); END;
CREATE TRIGGER loan_recoveries_append_only_delete BEFORE DELETE ON loan_recoveries BEGIN SELECT RAISE(ABORT, 'loan recoveries are append-only'); END;

-- A year-end share-out the officers proposed (decision Y<id>): the table computed when it was proposed, shown to every
-- member before the quorum decides. Its events: approved or rejected, then closed once every line is paid.
CREATE TABLE share_outs (
    id                    INTEGER PRIMARY KEY,
    chama_id              INTEGER NOT NULL REFERENCES chamas (id),
    proposed_by_member_id INTEGER NOT NULL REFERENCES members (id),
    savings_minor         INTEGER NOT NULL CHECK (savings_minor >= 0),
    earnings_minor        INTEGER NOT NULL CHECK (earnings_minor >= 0),
    currency              TEXT NOT NULL,
    proposed_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX share_outs_by_chama ON share_outs (chama_id);
CREATE TRIGGER share_outs_append_only_update BEFORE UPDATE ON share_outs BEGIN SELECT RAISE(ABORT, 'share outs are append-only'); END;
CREATE TRIGGER share_outs_append_only_delete BEFORE DELETE ON share_outs BEGIN SELECT RAISE(ABORT, 'share outs are append-only'); END;

CREATE TABLE share_out_lines (
    id                  INTEGER PRIMARY KEY,
    share_out_id        INTEGER NOT NULL REFERENCES share_outs (id),
    member_id           INTEGER NOT NULL REFERENCES members (id),
    savings_minor       INTEGER NOT NULL CHECK (savings_minor >= 0),
    earnings_minor      INTEGER NOT NULL CHECK (earnings_minor >= 0),
    loan_deducted_minor INTEGER NOT NULL CHECK (loan_deducted_minor >= 0),
    payout_minor        INTEGER NOT NULL CHECK (payout_minor >= 0),
    UNIQUE (share_out_id, member_id)
) STRICT;
CREATE TRIGGER share_out_lines_append_only_update BEFORE UPDATE ON share_out_lines BEGIN SELECT RAISE(ABORT, 'share out lines are append-only'); END;
CREATE TRIGGER share_out_lines_append_only_delete BEFORE DELETE ON share_out_lines BEGIN SELECT RAISE(ABORT, 'share out lines are append-only'); END;

CREATE TABLE share_out_events (
    id                  INTEGER PRIMARY KEY,
    share_out_id        INTEGER NOT NULL REFERENCES share_outs (id),
    status              TEXT NOT NULL CHECK (status IN ('Approved', 'Rejected', 'Closed')),
    at                  INTEGER NOT NULL,
    UNIQUE (share_out_id, status)
) STRICT;
CREATE TRIGGER share_out_events_append_only_update BEFORE UPDATE ON share_out_events BEGIN SELECT RAISE(ABORT, 'share out events are append-only'); END;
CREATE TRIGGER share_out_events_append_only_delete BEFORE DELETE ON share_out_events BEGIN SELECT RAISE(ABORT, 'share out events are append-only'); END;

-- A push to repay a loan names the loan.
ALTER TABLE payment_requests ADD COLUMN loan_id INTEGER REFERENCES loans (id);
