-- Dashboard sessions ended by signing out. The session cookie names its session; a cookie whose session is listed here
-- is refused, so a copy of the cookie taken before sign-out no longer works. A row is needed only while such a cookie
-- could otherwise still be accepted (until the session's absolute end), then it is purged.
CREATE TABLE dashboard_sign_outs (
    session_id  TEXT PRIMARY KEY,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX dashboard_sign_outs_by_expiry ON dashboard_sign_outs (expires_at);
