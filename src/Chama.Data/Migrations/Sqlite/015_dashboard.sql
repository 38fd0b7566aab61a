-- Officers sign in to the dashboard with a one-time code sent through the outbox. Only a salted hash of the code is
-- kept; a code is used once (used_at is set by a conditional update) and expires. Not money: updated in place.
CREATE TABLE sign_in_codes (
    id          INTEGER PRIMARY KEY,
    phone       TEXT NOT NULL,
    salt        TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
) STRICT;
CREATE INDEX sign_in_codes_by_phone ON sign_in_codes (phone, created_at);

-- Every wrong code, by phone and by client address: too many in a while locks further attempts from either.
CREATE TABLE sign_in_failures (
    id          INTEGER PRIMARY KEY,
    phone       TEXT NOT NULL,
    address     TEXT NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_by_phone ON sign_in_failures (phone, at);
CREATE INDEX sign_in_failures_by_address ON sign_in_failures (address, at);
