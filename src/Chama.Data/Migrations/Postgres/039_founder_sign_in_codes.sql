-- A dashboard code is either an officer's (sent only to an officer's phone) or a founder's: sent to any phone that asks
-- to start a chama, proving the phone is theirs before they found one. Existing codes were officers'.
ALTER TABLE sign_in_codes ADD COLUMN purpose TEXT NOT NULL DEFAULT 'officer' CHECK (purpose IN ('officer', 'founder'));
