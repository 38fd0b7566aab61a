-- Delivery of the outbox through Twilio. A message is claimed under a lease before it is sent, so two workers (or two
-- hosts) never send it together and a crash mid-send leaves a claim that expires. outbound_messages is not money: its
-- delivery state is updated in place; what happened on each attempt is kept, append-only, in outbound_attempts.

-- template/variables_json: the template a message was rendered from and its positional variables, so a WhatsApp message
-- outside the 24-hour window can be sent as the approved Content template instead of free text.
ALTER TABLE outbound_messages ADD COLUMN template TEXT;
ALTER TABLE outbound_messages ADD COLUMN variables_json TEXT;
-- Queued: waits for next_attempt_at. Sending: claimed, and next_attempt_at is when the claim expires.
ALTER TABLE outbound_messages ADD COLUMN status TEXT NOT NULL DEFAULT 'Queued' CHECK (status IN ('Queued', 'Sending', 'Sent', 'Failed'));
ALTER TABLE outbound_messages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbound_messages ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbound_messages_pending ON outbound_messages (next_attempt_at) WHERE status IN ('Queued', 'Sending');
CREATE INDEX outbound_messages_failed ON outbound_messages (chama_id) WHERE status = 'Failed';

-- One row per attempt whose outcome is known. An attempt lost in a crash has no row; its claim expires instead.
CREATE TABLE outbound_attempts (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES outbound_messages (id),
    attempt     INTEGER NOT NULL,
    channel     TEXT CHECK (channel IN ('WhatsApp', 'Sms')),
    outcome     TEXT NOT NULL CHECK (outcome IN ('Sent', 'RetryableFailure', 'Failed')),
    message_sid TEXT UNIQUE,
    error_code  INTEGER,
    error       TEXT,
    retry_at    INTEGER,
    at          INTEGER NOT NULL,
    UNIQUE (message_id, attempt)
) STRICT;
CREATE TRIGGER outbound_attempts_append_only_update BEFORE UPDATE ON outbound_attempts BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END;
CREATE TRIGGER outbound_attempts_append_only_delete BEFORE DELETE ON outbound_attempts BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END;

-- Twilio's status callbacks, each (MessageSid, status) once however often Twilio repeats it. outbox_id comes from the
-- callback URL we gave Twilio: it ties a message Twilio accepted to its outbox row even when the host crashed before
-- recording the MessageSid, so that row is not sent again.
CREATE TABLE outbound_status (
    id          INTEGER PRIMARY KEY,
    message_sid TEXT NOT NULL,
    status      TEXT NOT NULL,
    error_code  INTEGER,
    outbox_id   INTEGER,
    at          INTEGER NOT NULL,
    UNIQUE (message_sid, status)
) STRICT;
CREATE INDEX outbound_status_by_outbox ON outbound_status (outbox_id) WHERE outbox_id IS NOT NULL;

-- WhatsApp's 24-hour customer service window opens with each message the member sends.
CREATE TABLE whatsapp_windows (
    phone           TEXT PRIMARY KEY,
    last_inbound_at INTEGER NOT NULL
) STRICT;

-- Members who use USSD only (no WhatsApp) are written to by SMS.
ALTER TABLE members ADD COLUMN prefers_sms INTEGER NOT NULL DEFAULT 0 CHECK (prefers_sms IN (0, 1));
