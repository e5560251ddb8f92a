-- What Debezium needs: a heartbeat table and the publication of the captured tables.

-- Debezium's heartbeat.action.query upserts the one row here. On a database where the captured
-- tables are idle, that write gives the connector a change to acknowledge, so the replication
-- slot's confirmed position moves on and the server can recycle WAL.
CREATE TABLE IF NOT EXISTS mistakeflow_heartbeat (
    id      int PRIMARY KEY,
    beat_at timestamptz NOT NULL
);

-- The record keys of these tables are not their primary keys (student_id, preset_name). With
-- the default replica identity a DELETE only logs the primary key, so the delete's key, and its
-- tombstone, would be null. FULL logs the whole old row; no data is rewritten.
ALTER TABLE student_mistakes REPLICA IDENTITY FULL;
ALTER TABLE student_analysis_settings REPLICA IDENTITY FULL;
ALTER TABLE analysis_presets REPLICA IDENTITY FULL;

-- Created here, not by the connector (publication.autocreate.mode=disabled), so the connector's
-- database user needs no ownership of the tables. Tables missing from an existing publication
-- are added. student_recommendations is captured for the frontend's feedback (dismissals); the
-- heartbeat table is in it so heartbeat writes reach the connector.
DO $$
DECLARE
    captured text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'mistakeflow_publication') THEN
        CREATE PUBLICATION mistakeflow_publication;
    END IF;
    FOREACH captured IN ARRAY ARRAY['student_mistakes', 'mistake_types', 'analysis_presets',
                                    'student_analysis_settings', 'student_recommendations',
                                    'mistakeflow_heartbeat'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_publication_tables
                       WHERE pubname = 'mistakeflow_publication'
                         AND schemaname = current_schema()
                         AND tablename = captured) THEN
            EXECUTE format('ALTER PUBLICATION mistakeflow_publication ADD TABLE %I.%I', current_schema(), captured);
        END IF;
    END LOOP;
END
$$;
