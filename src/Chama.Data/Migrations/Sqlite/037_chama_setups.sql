-- Founding a chama from a phone (NEW CHAMA). A set-up draft holds the answers so far, one row per phone: the phone's open
-- draft, or, once founded, the chama it became and the message that founded it (so a retried message founds once). A
-- draft holds no money, creates nothing until it is founded, and is deleted 7 days after its last answer.
CREATE TABLE chama_setups (
    phone             TEXT PRIMARY KEY,
    step              TEXT NOT NULL CHECK (step IN ('Name', 'Code', 'Contribution', 'Frequency', 'FirstMeeting', 'FounderName', 'Seat', 'Rules', 'Confirm')),
    answers           TEXT NOT NULL,
    language          TEXT NOT NULL CHECK (language IN ('En', 'Sw')),
    channel           TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    founded_chama_id  INTEGER UNIQUE REFERENCES chamas (id),
    founded_by_key    TEXT UNIQUE,
    CHECK ((founded_chama_id IS NULL) = (founded_by_key IS NULL))
) STRICT;
CREATE INDEX chama_setups_by_update ON chama_setups (updated_at);

-- Who founded a chama from their phone and when (none for a chama the operator created), the first meeting they set, and
-- whether it waits for the operator's approval (Onboarding:RequireApproval) before anything may be done in it.
ALTER TABLE chamas ADD COLUMN founded_by_phone TEXT;
ALTER TABLE chamas ADD COLUMN founded_at INTEGER;
ALTER TABLE chamas ADD COLUMN first_meeting_on TEXT;
ALTER TABLE chamas ADD COLUMN awaiting_approval INTEGER NOT NULL DEFAULT 0 CHECK (awaiting_approval IN (0, 1));
ALTER TABLE chamas ADD COLUMN approved_at INTEGER;
CREATE INDEX chamas_by_founder ON chamas (founded_by_phone, founded_at);
