-- When an event row reached Postgres: stamped by the database, never written by the sink (the
-- column is not in the records, and the sink's upsert only sets the record's columns), so a
-- redelivered event keeps its first arrival time. received_at - created_at is the pipeline's
-- end-to-end latency for live data (created_at is the causing mistake's occurred_at).
--
-- Two steps, so that adding it to a large trigger-era table is a catalogue change, not a
-- rewrite: a volatile default given in ADD COLUMN would rewrite every existing row. Rows that
-- were there before stay null (their arrival time is unknown).
ALTER TABLE ui_reflex_events ADD COLUMN IF NOT EXISTS received_at timestamptz;
ALTER TABLE ui_reflex_events ALTER COLUMN received_at SET DEFAULT clock_timestamp();
