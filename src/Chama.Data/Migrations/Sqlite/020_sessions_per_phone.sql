-- A USSD session belongs to one phone: the gateway's sessionId alone is no proof of who is dialling, so a session is
-- keyed by channel, session key and phone, and a hop from another phone never reads or continues it. SQLite cannot
-- change a primary key, so the table is rebuilt. Sessions are short-lived state, not money: WhatsApp rows (keyed by
-- the phone already) are kept; USSD rows, which Africa's Talking ends after 180 s anyway, are not carried over.
CREATE TABLE conversation_sessions_by_phone (
    channel         TEXT NOT NULL,
    session_key     TEXT NOT NULL,
    phone           TEXT NOT NULL,
    member_id       INTEGER REFERENCES members (id),
    flow            TEXT,
    state           TEXT,
    data            TEXT NOT NULL DEFAULT '{}',
    last_input      TEXT,
    last_reply      TEXT,
    last_reply_ends INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (channel, session_key, phone)
) STRICT;
INSERT INTO conversation_sessions_by_phone (channel, session_key, phone, member_id, flow, state, data, last_input, last_reply, last_reply_ends, updated_at)
SELECT channel, session_key, session_key, member_id, flow, state, data, last_input, last_reply, last_reply_ends, updated_at
FROM conversation_sessions WHERE channel = 'whatsapp';
DROP TABLE conversation_sessions;
ALTER TABLE conversation_sessions_by_phone RENAME TO conversation_sessions;

-- The purge of expired sessions reads them by age.
CREATE INDEX conversation_sessions_by_age ON conversation_sessions (updated_at);
