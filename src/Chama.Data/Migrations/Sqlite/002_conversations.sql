-- Conversation state, inbound deduplication, payment requests, approvals and the outbox.

-- One row per live conversation (WhatsApp: keyed by phone; USSD: keyed by the gateway's sessionId), rebuilt on each
-- request so any host can continue it. Conversation state is not money: it is updated in place.
CREATE TABLE conversation_sessions (
    channel         TEXT NOT NULL,
    session_key     TEXT NOT NULL,
    member_id       INTEGER REFERENCES members (id),
    flow            TEXT,
    state           TEXT,
    data            TEXT NOT NULL DEFAULT '{}',
    last_input      TEXT,
    last_reply      TEXT,
    last_reply_ends INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (channel, session_key)
) STRICT;

-- A provider's message id is acted on once: the first delivery claims it, a retry gets the stored reply.
CREATE TABLE inbound_messages (
    provider    TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    reply       TEXT,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (provider, message_id)
) STRICT;

-- A member's request to pay, before M-Pesa has answered. The request key makes a retried conversation step queue once.
CREATE TABLE payment_requests (
    id                  INTEGER PRIMARY KEY,
    request_key         TEXT NOT NULL UNIQUE,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    member_id           INTEGER NOT NULL REFERENCES members (id),
    round_id            INTEGER NOT NULL REFERENCES rounds (id),
    amount_minor        INTEGER NOT NULL CHECK (amount_minor > 0),
    currency            TEXT NOT NULL,
    phone               TEXT NOT NULL,
    channel             TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('Queued', 'Sent', 'Completed', 'Failed')),
    checkout_request_id TEXT UNIQUE,
    receipt             TEXT,
    failure             TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX payment_requests_queued ON payment_requests (status) WHERE status = 'Queued';

ALTER TABLE welfare_requests ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX welfare_requests_by_key ON welfare_requests (request_key);

-- Officers' decisions on pot disbursements ('Pot', round id) and welfare requests ('Welfare', request id).
-- One decision per officer per subject, held by the database. Decisions are never changed.
CREATE TABLE approvals (
    id                  INTEGER PRIMARY KEY,
    chama_id            INTEGER NOT NULL REFERENCES chamas (id),
    subject_kind        TEXT NOT NULL CHECK (subject_kind IN ('Pot', 'Welfare')),
    subject_id          INTEGER NOT NULL,
    officer_member_id   INTEGER NOT NULL REFERENCES members (id),
    decision            TEXT NOT NULL CHECK (decision IN ('Approve', 'Reject')),
    reason              TEXT,
    channel             TEXT NOT NULL,
    decided_at          INTEGER NOT NULL,
    UNIQUE (subject_kind, subject_id, officer_member_id)
) STRICT;
CREATE TRIGGER approvals_append_only_update BEFORE UPDATE ON approvals BEGIN SELECT RAISE(ABORT, 'approvals are append-only'); END;
CREATE TRIGGER approvals_append_only_delete BEFORE DELETE ON approvals BEGIN SELECT RAISE(ABORT, 'approvals are append-only'); END;

-- Every message the bot sends first, written with an idempotency key so it is queued once.
CREATE TABLE outbound_messages (
    id              INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    chama_id        INTEGER REFERENCES chamas (id),
    member_id       INTEGER REFERENCES members (id),
    phone           TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX outbound_messages_by_phone ON outbound_messages (phone, id);
