-- The dashboard's Data Protection keys (they sign session cookies and antiforgery tokens), kept in the database so every
-- host on it accepts what another host issued. A key is added, never changed: Data Protection revokes by adding.
CREATE TABLE key_ring (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    xml         TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
