-- When a cycle was started (Unix milliseconds): the welfare levy owed this cycle counts what a member has paid into the
-- welfare fund since then. Null for cycles started before this migration, read as "since the beginning".
ALTER TABLE cycles ADD COLUMN started_at INTEGER;
