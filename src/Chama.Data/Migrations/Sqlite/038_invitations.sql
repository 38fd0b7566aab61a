-- Invitations with consent: an officer invites a phone to a seat (and, before the first cycle, the chair to an officer
-- role); the phone becomes a member only by its own answer. A row is written once as 'Pending' and changes once, to
-- its answer ('Accepted' with the member made, 'Declined') or to 'Lapsed' after 7 days of silence; a trigger refuses
-- every other change. What happened is also appended to invitation_events, which nothing updates or deletes.
CREATE TABLE invitations (
    id                      INTEGER PRIMARY KEY,
    chama_id                INTEGER NOT NULL REFERENCES chamas (id),
    phone                   TEXT NOT NULL,
    seat                    INTEGER NOT NULL CHECK (seat >= 1),
    roles                   INTEGER NOT NULL DEFAULT 0 CHECK (roles BETWEEN 0 AND 7),
    name                    TEXT,
    language                TEXT NOT NULL CHECK (language IN ('En', 'Sw')),
    invited_by_member_id    INTEGER NOT NULL REFERENCES members (id),
    request_key             TEXT NOT NULL UNIQUE,
    status                  TEXT NOT NULL CHECK (status IN ('Pending', 'Accepted', 'Declined', 'Lapsed')),
    created_at              INTEGER NOT NULL,
    decided_at              INTEGER,
    member_id               INTEGER UNIQUE REFERENCES members (id),
    CHECK ((status = 'Pending') = (decided_at IS NULL)),
    CHECK ((status = 'Accepted') = (member_id IS NOT NULL))
) STRICT;
-- A phone is messaged once per chama unless it answered: one invitation not accepted per phone (pending, declined or
-- lapsed), so neither a retried INVITE nor a second one after silence or a refusal reaches it again.
CREATE UNIQUE INDEX invitations_once_per_phone ON invitations (chama_id, phone) WHERE status <> 'Accepted';
-- One pending invitation per seat.
CREATE UNIQUE INDEX invitations_one_pending_per_seat ON invitations (chama_id, seat) WHERE status = 'Pending';
CREATE INDEX invitations_by_phone ON invitations (phone, status);
CREATE INDEX invitations_pending_since ON invitations (status, created_at);

CREATE TRIGGER invitations_decided_once BEFORE UPDATE ON invitations
WHEN OLD.status <> 'Pending' OR NEW.chama_id <> OLD.chama_id OR NEW.phone <> OLD.phone OR NEW.seat <> OLD.seat OR NEW.roles <> OLD.roles
    OR NEW.invited_by_member_id <> OLD.invited_by_member_id OR NEW.request_key <> OLD.request_key OR NEW.created_at <> OLD.created_at
BEGIN SELECT RAISE(ABORT, 'an invitation is answered once and otherwise never changed'); END;
CREATE TRIGGER invitations_never_deleted BEFORE DELETE ON invitations BEGIN SELECT RAISE(ABORT, 'invitations are never deleted'); END;

-- Who invited, answered or let an invitation lapse, through which channel, and when. The actor is null for the invitee
-- (not yet a member) and for the lapse worker. An answer given on USSD keeps the key of the session's step, so that the
-- gateway's retry of that step is answered the same instead of answering another invitation.
CREATE TABLE invitation_events (
    id                  INTEGER PRIMARY KEY,
    invitation_id       INTEGER NOT NULL REFERENCES invitations (id),
    event               TEXT NOT NULL CHECK (event IN ('Invited', 'Accepted', 'Declined', 'Lapsed')),
    actor_member_id     INTEGER REFERENCES members (id),
    channel             TEXT NOT NULL,
    at                  INTEGER NOT NULL,
    answer_key          TEXT UNIQUE,
    UNIQUE (invitation_id, event)
) STRICT;

CREATE TRIGGER invitation_events_append_only_update BEFORE UPDATE ON invitation_events BEGIN SELECT RAISE(ABORT, 'invitation events are append-only'); END;
CREATE TRIGGER invitation_events_append_only_delete BEFORE DELETE ON invitation_events BEGIN SELECT RAISE(ABORT, 'invitation events are append-only'); END;
