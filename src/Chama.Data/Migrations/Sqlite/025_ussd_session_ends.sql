-- Africa's Talking's end-of-session notifications, one per USSD session (the gateway may repeat one). Kept for the
-- operator's view of dropped and failed sessions. The member's input and our last screen are NOT kept: the input
-- repeats every key pressed in the session, a PIN included.
CREATE TABLE ussd_session_ends (
    id               INTEGER PRIMARY KEY,
    session_id       TEXT NOT NULL UNIQUE,
    phone            TEXT NOT NULL,
    service_code     TEXT NOT NULL,
    network_code     TEXT NOT NULL,
    status           TEXT NOT NULL,
    duration_ms      INTEGER,
    hops             INTEGER,
    error_message    TEXT,
    cost             TEXT,
    reported_at      TEXT NOT NULL,
    received_at      INTEGER NOT NULL
) STRICT;
