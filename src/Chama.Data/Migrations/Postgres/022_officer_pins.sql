-- An officer's PIN for decisions on USSD, kept only as a slow salted hash (never the PIN, and nowhere else). A PIN chosen
-- on USSD is confirmed by typing it again; until then it is not in force (confirmed = 0) and cannot replace one that is.
-- Three wrong PINs in a row lock the officer's USSD decisions (locked_at) until a reset on the dashboard. State, not
-- money: updated in place; who set or reset a PIN, and a lock, are in the audit log.
CREATE TABLE officer_pins (
    member_id    BIGINT PRIMARY KEY REFERENCES members (id),
    pin_hash     TEXT NOT NULL,
    confirmed    BIGINT NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
    failed_tries BIGINT NOT NULL DEFAULT 0 CHECK (failed_tries >= 0),
    locked_at    BIGINT,
    updated_at   BIGINT NOT NULL
);
