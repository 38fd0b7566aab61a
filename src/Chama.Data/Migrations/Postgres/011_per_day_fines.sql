-- Late fines per day late, up to a cap per round: the constitution's fine mode and cap, and a fine per member, round
-- and day of lateness (day 1 for a flat fine), held unique by the database however often the scheduler runs.

ALTER TABLE constitutions ADD COLUMN fine_mode TEXT NOT NULL DEFAULT 'Flat' CHECK (fine_mode IN ('Flat', 'PerDay'));
ALTER TABLE constitutions ADD COLUMN fine_cap_minor BIGINT NOT NULL DEFAULT 0 CHECK (fine_cap_minor >= 0);

-- SQLite rebuilds the fines tables here; PostgreSQL alters them in place (adding a column fires no row trigger, so the
-- append-only triggers stay as they are). Each existing fine is day 1; a new fine names its day, as on SQLite.
ALTER TABLE fines ADD COLUMN day BIGINT NOT NULL DEFAULT 1 CHECK (day >= 1);
ALTER TABLE fines ALTER COLUMN day DROP DEFAULT;
ALTER TABLE fines DROP CONSTRAINT fines_round_id_member_id_key;
ALTER TABLE fines ADD CONSTRAINT fines_round_id_member_id_day_key UNIQUE (round_id, member_id, day);

-- One payment may now settle several fines (a member pays all the fines owed with one M-Pesa push), so a contribution
-- is no longer unique among fine payments; each fine is still paid at most once (fine_id stays UNIQUE).
ALTER TABLE fine_payments DROP CONSTRAINT fine_payments_contribution_id_key;
CREATE INDEX fine_payments_by_contribution ON fine_payments (contribution_id);
