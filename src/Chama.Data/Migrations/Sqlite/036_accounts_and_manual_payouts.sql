-- Where a chama's money sits besides its M-Pesa paybill: a bank account and the cash an officer holds. A later row of the
-- same kind replaces an earlier one (a new bank account, another officer holding the cash); nothing is updated.
CREATE TABLE chama_accounts (
    id                INTEGER PRIMARY KEY,
    chama_id          INTEGER NOT NULL REFERENCES chamas (id),
    kind              TEXT NOT NULL CHECK (kind IN ('Bank', 'Cash')),
    name              TEXT NOT NULL,
    holder_member_id  INTEGER REFERENCES members (id),
    opened_at         INTEGER NOT NULL,
    CHECK ((kind = 'Cash') = (holder_member_id IS NOT NULL))
) STRICT;
CREATE INDEX chama_accounts_by_chama ON chama_accounts (chama_id, kind);
CREATE TRIGGER chama_accounts_append_only_update BEFORE UPDATE ON chama_accounts BEGIN SELECT RAISE(ABORT, 'chama accounts are append-only'); END;
CREATE TRIGGER chama_accounts_append_only_delete BEFORE DELETE ON chama_accounts BEGIN SELECT RAISE(ABORT, 'chama accounts are append-only'); END;

-- An approved payout an officer paid from the bank or the cash account instead of by M-Pesa, with its reference (unique,
-- like every receipt). Its 'Sent' and 'Completed' events are written in the same transaction, so M-Pesa can no longer
-- send it, and an M-Pesa send already made refuses this.
CREATE TABLE manual_payouts (
    id                    INTEGER PRIMARY KEY,
    disbursement_id       INTEGER NOT NULL UNIQUE REFERENCES disbursements (id),
    account               TEXT NOT NULL CHECK (account IN ('Bank', 'Cash')),
    reference             TEXT NOT NULL UNIQUE,
    officer_member_id     INTEGER NOT NULL REFERENCES members (id),
    channel               TEXT NOT NULL,
    recorded_at           INTEGER NOT NULL
) STRICT;
CREATE TRIGGER manual_payouts_append_only_update BEFORE UPDATE ON manual_payouts BEGIN SELECT RAISE(ABORT, 'manual payouts are append-only'); END;
CREATE TRIGGER manual_payouts_append_only_delete BEFORE DELETE ON manual_payouts BEGIN SELECT RAISE(ABORT, 'manual payouts are append-only'); END;

-- The recipient's word that a payout paid by hand reached them (RECEIVED P3), once.
CREATE TABLE payout_confirmations (
    id                INTEGER PRIMARY KEY,
    disbursement_id   INTEGER NOT NULL UNIQUE REFERENCES disbursements (id),
    member_id         INTEGER NOT NULL REFERENCES members (id),
    channel           TEXT NOT NULL,
    confirmed_at      INTEGER NOT NULL
) STRICT;
CREATE TRIGGER payout_confirmations_append_only_update BEFORE UPDATE ON payout_confirmations BEGIN SELECT RAISE(ABORT, 'payout confirmations are append-only'); END;
CREATE TRIGGER payout_confirmations_append_only_delete BEFORE DELETE ON payout_confirmations BEGIN SELECT RAISE(ABORT, 'payout confirmations are append-only'); END;
