-- Cut-over from the triggers, step 1 (`./pipeline cutover install`): the triggers keep running for
-- every student, the pipeline builds state for every student, and a rollout percentage decides, per
-- inserted mistake, which of the two writes the outputs. Idempotent; `uninstall.sql` undoes it.
--
-- * feature_flags row 'mistake_pipeline' (is_enabled, rollout_percentage), created at 0 %.
-- * mistakeflow_rollout_bucket(student_id): 0..99, a stable hash of the student id; a student is
--   the pipeline's when the flag is enabled and its bucket is below the percentage.
-- * student_mistakes.analysed_by: who analyses the row, stamped at insert by the BEFORE trigger
--   mistakeflow_00_owner. Rows from before the install read 'triggers' (a column default, so no
--   table rewrite): the pipeline builds state from them and writes nothing.
-- * Every row trigger the trigger era put on student_mistakes gets WHEN (NEW.analysed_by <>
--   'pipeline'); every row trigger on student_mistake_patterns and student_baseline_performance gets
--   WHEN (mistakeflow_trigger_era_write()), false for the pipeline's sink and during the cut-over
--   command's own re-keying. Function bodies are untouched; the original definitions are kept in
--   mistakeflow_cutover_triggers for uninstall.sql.
-- * student_recommendations.written_by: 'pipeline' for rows the pipeline's sink wrote last,
--   'triggers' otherwise; the recommender adopts the active rows the triggers wrote (keeping ids).

CREATE TABLE IF NOT EXISTS feature_flags (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    flag_name          varchar(100) NOT NULL UNIQUE,
    is_enabled         boolean NOT NULL DEFAULT false,
    rollout_percentage int NOT NULL DEFAULT 0 CHECK (rollout_percentage BETWEEN 0 AND 100),
    description        text,
    updated_at         timestamp NOT NULL DEFAULT now()
);

INSERT INTO feature_flags (flag_name, is_enabled, rollout_percentage, description)
SELECT 'mistake_pipeline', true, 0, 'Students whose mistakes the Kafka Streams pipeline analyses instead of the triggers'
WHERE NOT EXISTS (SELECT 1 FROM feature_flags WHERE flag_name = 'mistake_pipeline');

-- The first 32 bits of md5(student_id as text), unsigned, modulo 100 (RolloutBucket in Java).
CREATE OR REPLACE FUNCTION mistakeflow_rollout_bucket(student uuid) RETURNS int
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT (('x' || substr(md5(student::text), 1, 8))::bit(32)::bigint % 100)::int $$;

CREATE OR REPLACE FUNCTION mistakeflow_owner(student uuid) RETURNS varchar
    LANGUAGE sql STABLE
AS $$
    SELECT CASE WHEN EXISTS (SELECT 1 FROM feature_flags
                             WHERE flag_name = 'mistake_pipeline' AND is_enabled
                               AND mistakeflow_rollout_bucket(student) < rollout_percentage)
                THEN 'pipeline' ELSE 'triggers' END
$$;

-- false for the writes that must not run the trigger-era chain: the pipeline's sink, and the
-- cut-over command while it gives moved students' rows the pipeline's ids
CREATE OR REPLACE FUNCTION mistakeflow_trigger_era_write() RETURNS boolean
    LANGUAGE sql STABLE
AS $$
    SELECT current_user <> 'mistakeflow_sink'
       AND coalesce(current_setting('mistakeflow.cutover', true), '') <> 'rekey'
$$;

ALTER TABLE student_mistakes ADD COLUMN IF NOT EXISTS analysed_by varchar(20) DEFAULT 'triggers';

CREATE OR REPLACE FUNCTION mistakeflow_stamp_owner() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.analysed_by := mistakeflow_owner(NEW.student_id);
    RETURN NEW;
END
$$;

ALTER TABLE student_recommendations ADD COLUMN IF NOT EXISTS written_by varchar(20) DEFAULT 'triggers';

-- A row's content changes (insert, refresh, deactivation) say who wrote it; the frontend's own
-- columns (is_shown, is_dismissed, ...) leave it as it was.
CREATE OR REPLACE FUNCTION mistakeflow_stamp_writer() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.updated_at IS DISTINCT FROM OLD.updated_at
       OR NEW.is_active IS DISTINCT FROM OLD.is_active THEN
        NEW.written_by := CASE WHEN current_user = 'mistakeflow_sink' THEN 'pipeline' ELSE 'triggers' END;
    END IF;
    RETURN NEW;
END
$$;

CREATE TABLE IF NOT EXISTS mistakeflow_cutover_triggers (
    table_name   text NOT NULL,
    trigger_name text NOT NULL,
    definition   text NOT NULL,
    dropped      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (table_name, trigger_name)
);

DO $$
DECLARE
    t record;
    original text;
    condition text;
    gated text;
BEGIN
    -- a BEFORE row trigger of the trigger era that fires before ours would not see the stamp
    FOR t IN SELECT tg.tgname FROM pg_trigger tg
             WHERE tg.tgrelid = 'student_mistakes'::regclass AND NOT tg.tgisinternal
               AND tg.tgname < 'mistakeflow_00_owner' AND (tg.tgtype & 2) <> 0 AND (tg.tgtype & 1) <> 0 LOOP
        RAISE EXCEPTION 'BEFORE trigger % on student_mistakes fires before mistakeflow_00_owner; rename it to sort after', t.tgname;
    END LOOP;

    FOR t IN SELECT c.relname AS table_name, tg.tgname AS trigger_name, tg.oid, tg.tgtype
             FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
             WHERE c.relname IN ('student_mistakes', 'student_mistake_patterns', 'student_baseline_performance')
               AND c.relnamespace = current_schema()::regnamespace
               AND NOT tg.tgisinternal AND tg.tgname NOT LIKE 'mistakeflow%'
               AND (tg.tgtype & 1) <> 0 -- row triggers only
    LOOP
        IF EXISTS (SELECT 1 FROM mistakeflow_cutover_triggers s
                   WHERE s.table_name = t.table_name AND s.trigger_name = t.trigger_name) THEN
            CONTINUE; -- gated by an earlier install
        END IF;
        IF (t.tgtype & 8) <> 0 AND t.table_name = 'student_mistakes' THEN
            RAISE NOTICE 'left % on % as it is: a DELETE trigger has no NEW row to ask', t.trigger_name, t.table_name;
            CONTINUE;
        END IF;
        original := pg_get_triggerdef(t.oid);
        condition := CASE WHEN t.table_name = 'student_mistakes'
                          THEN 'NEW.analysed_by IS DISTINCT FROM ''pipeline'''
                          ELSE 'mistakeflow_trigger_era_write()' END;
        IF original ~ ' FOR EACH ROW WHEN \(' THEN
            gated := regexp_replace(original, ' FOR EACH ROW WHEN \((.*)\) EXECUTE ',
                                    ' FOR EACH ROW WHEN ((' || condition || ') AND (\1)) EXECUTE ');
        ELSE
            gated := replace(original, ' FOR EACH ROW EXECUTE ', ' FOR EACH ROW WHEN (' || condition || ') EXECUTE ');
        END IF;
        INSERT INTO mistakeflow_cutover_triggers (table_name, trigger_name, definition)
            VALUES (t.table_name, t.trigger_name, original);
        EXECUTE format('DROP TRIGGER %I ON %I', t.trigger_name, t.table_name);
        EXECUTE gated;
        RAISE NOTICE 'gated % on %', t.trigger_name, t.table_name;
    END LOOP;
END
$$;

DROP TRIGGER IF EXISTS mistakeflow_00_owner ON student_mistakes;
CREATE TRIGGER mistakeflow_00_owner BEFORE INSERT ON student_mistakes
    FOR EACH ROW EXECUTE FUNCTION mistakeflow_stamp_owner();

DROP TRIGGER IF EXISTS mistakeflow_00_writer ON student_recommendations;
CREATE TRIGGER mistakeflow_00_writer BEFORE INSERT OR UPDATE ON student_recommendations
    FOR EACH ROW EXECUTE FUNCTION mistakeflow_stamp_writer();

-- Debezium reads the two new columns (the source user has SELECT on the whole tables); the flag
-- table is read by the stamp only, never captured.
GRANT SELECT ON feature_flags TO mistakeflow_app;
