-- A USSD session belongs to one phone: the gateway's sessionId alone is no proof of who is dialling, so a session is
-- keyed by channel, session key and phone, and a hop from another phone never reads or continues it. Sessions are
-- short-lived state, not money: WhatsApp rows (keyed by the phone already) are kept; USSD rows, which Africa's
-- Talking ends after 180 s anyway, are not carried over.
DELETE FROM conversation_sessions WHERE channel <> 'whatsapp';
ALTER TABLE conversation_sessions ADD COLUMN phone TEXT;
UPDATE conversation_sessions SET phone = session_key;
ALTER TABLE conversation_sessions ALTER COLUMN phone SET NOT NULL;
ALTER TABLE conversation_sessions DROP CONSTRAINT conversation_sessions_pkey;
ALTER TABLE conversation_sessions ADD PRIMARY KEY (channel, session_key, phone);

-- The purge of expired sessions reads them by age.
CREATE INDEX conversation_sessions_by_age ON conversation_sessions (updated_at);
