-- Least privilege: one role per kind of client, each allowed only what it does.
--
--   mistakeflow_cdc   the Debezium source: replication, reads the captured tables, beats the heartbeat
--   mistakeflow_sink  the JDBC sinks: inserts and upserts the pipeline-owned columns of the outputs
--   mistakeflow_app   the frontends' gateway: reads the outputs, sets only the frontend-owned columns
--
-- No passwords here (the repository holds no secret): a role is created NOLOGIN, and
-- `./pipeline migrate` (or the embedded stack) gives it a password and LOGIN when one is
-- configured. A role that already exists (another database of the cluster, or made by a DBA) is
-- not altered, only granted. Roles belong to the cluster, so creating them needs a superuser, or
-- CREATEROLE plus REPLICATION for mistakeflow_cdc.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mistakeflow_cdc') THEN
        CREATE ROLE mistakeflow_cdc NOLOGIN REPLICATION;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mistakeflow_sink') THEN
        CREATE ROLE mistakeflow_sink NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mistakeflow_app') THEN
        CREATE ROLE mistakeflow_app NOLOGIN;
    END IF;
    -- PUBLIC has both by default; a hardened database may have revoked them
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO mistakeflow_cdc, mistakeflow_sink, mistakeflow_app', current_database());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO mistakeflow_cdc, mistakeflow_sink, mistakeflow_app', current_schema());
END
$$;

-- The source: the snapshot reads (and share-locks, which needs table-level SELECT) the captured
-- tables; the stream comes from the slot (REPLICATION) through the publication V3 created, which
-- the role needs no ownership of. heartbeat.action.query upserts the heartbeat row: its only write.
GRANT SELECT ON student_mistakes, mistake_types, analysis_presets, student_analysis_settings,
    student_recommendations, mistakeflow_heartbeat TO mistakeflow_cdc;
GRANT INSERT (id, beat_at), UPDATE (beat_at) ON mistakeflow_heartbeat TO mistakeflow_cdc;

-- The sinks: INSERT ... ON CONFLICT (key) DO UPDATE SET <the record's other columns>, on exactly
-- the columns the connector files write (a column left out of the INSERT gets its default). The
-- upsert also needs SELECT on the columns it sets (Postgres reads the existing row's), so SELECT on
-- those columns too. Never the frontend-owned columns (delivered, delivered_at, is_shown,
-- shown_at, is_dismissed, dismissed_at) nor received_at, which the database stamps.
GRANT INSERT (id, student_id, global_topic_uid, baseline_avg_duration, baseline_sample_count, baseline_established_at,
              current_avg_duration, current_sample_count, improvement_rate, exam_norm_duration, distance_to_norm,
              adaptive_expected_duration, learning_phase, updated_at),
      UPDATE (student_id, global_topic_uid, baseline_avg_duration, baseline_sample_count, baseline_established_at,
              current_avg_duration, current_sample_count, improvement_rate, exam_norm_duration, distance_to_norm,
              adaptive_expected_duration, learning_phase, updated_at),
      SELECT (id, student_id, global_topic_uid, baseline_avg_duration, baseline_sample_count, baseline_established_at,
              current_avg_duration, current_sample_count, improvement_rate, exam_norm_duration, distance_to_norm,
              adaptive_expected_duration, learning_phase, updated_at)
    ON student_baseline_performance TO mistakeflow_sink;
GRANT INSERT (id, student_id, global_topic_uid, dominant_mistake_code, dominant_mistake_count, mistake_distribution,
              improvement_trend, analyzed_at),
      UPDATE (student_id, global_topic_uid, dominant_mistake_code, dominant_mistake_count, mistake_distribution,
              improvement_trend, analyzed_at),
      SELECT (id, student_id, global_topic_uid, dominant_mistake_code, dominant_mistake_count, mistake_distribution,
              improvement_trend, analyzed_at)
    ON student_mistake_patterns TO mistakeflow_sink;
GRANT INSERT (mistake_id, student_id, global_topic_uid, expected_duration, time_ratio, used_adaptive_baseline,
              improvement_trend),
      UPDATE (student_id, global_topic_uid, expected_duration, time_ratio, used_adaptive_baseline, improvement_trend),
      SELECT (mistake_id, student_id, global_topic_uid, expected_duration, time_ratio, used_adaptive_baseline,
              improvement_trend)
    ON student_mistake_analysis TO mistakeflow_sink;
GRANT INSERT (id, student_id, global_topic_uid, recommendation_type, title, message, action_items, priority, is_active,
              source_mistake_id, created_at, updated_at, expires_at),
      UPDATE (student_id, global_topic_uid, recommendation_type, title, message, action_items, priority, is_active,
              source_mistake_id, created_at, updated_at, expires_at),
      SELECT (id, student_id, global_topic_uid, recommendation_type, title, message, action_items, priority, is_active,
              source_mistake_id, created_at, updated_at, expires_at)
    ON student_recommendations TO mistakeflow_sink;
GRANT INSERT (id, student_id, global_topic_uid, event_type, title, message, action_items, priority, recommendation_id,
              source_mistake_id, created_at),
      UPDATE (student_id, global_topic_uid, event_type, title, message, action_items, priority, recommendation_id,
              source_mistake_id, created_at),
      SELECT (id, student_id, global_topic_uid, event_type, title, message, action_items, priority, recommendation_id,
              source_mistake_id, created_at)
    ON ui_reflex_events TO mistakeflow_sink;

-- The gateway: reads the outputs; marks events delivered and recommendations shown or dismissed
-- (SELECT ... FOR UPDATE needs UPDATE on a column of the table, which these are).
GRANT SELECT ON student_baseline_performance, student_mistake_patterns, student_mistake_analysis,
    student_recommendations, ui_reflex_events TO mistakeflow_app;
GRANT UPDATE (delivered, delivered_at) ON ui_reflex_events TO mistakeflow_app;
GRANT UPDATE (is_shown, shown_at, is_dismissed, dismissed_at) ON student_recommendations TO mistakeflow_app;
