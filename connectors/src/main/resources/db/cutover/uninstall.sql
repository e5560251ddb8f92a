-- Back to the triggers (`./pipeline cutover uninstall`, after `rollout --percent 0` has handed every
-- student back): the trigger-era triggers exactly as they were before install.sql (dropped or gated),
-- and nothing of the cut-over left but the two columns (analysed_by, written_by: dropping a column
-- rewrites nothing, but apps may have started reading them) and the feature_flags table.
DO $$
DECLARE
    t record;
BEGIN
    IF EXISTS (SELECT 1 FROM feature_flags WHERE flag_name = 'mistake_pipeline' AND rollout_percentage > 0) THEN
        RAISE EXCEPTION 'mistake_pipeline is above 0 %%: run cutover rollout --percent 0 first, so no student is left without analysis';
    END IF;
    IF to_regclass('mistakeflow_cutover_triggers') IS NOT NULL THEN
        FOR t IN SELECT table_name, trigger_name, definition FROM mistakeflow_cutover_triggers LOOP
            EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t.trigger_name, t.table_name);
            EXECUTE t.definition;
            RAISE NOTICE 'restored % on %', t.trigger_name, t.table_name;
        END LOOP;
        DROP TABLE mistakeflow_cutover_triggers;
    END IF;
END
$$;

DROP TRIGGER IF EXISTS mistakeflow_00_owner ON student_mistakes;
DROP TRIGGER IF EXISTS mistakeflow_00_writer ON student_recommendations;
DROP FUNCTION IF EXISTS mistakeflow_stamp_owner();
DROP FUNCTION IF EXISTS mistakeflow_stamp_writer();
DROP FUNCTION IF EXISTS mistakeflow_trigger_era_write();
DROP FUNCTION IF EXISTS mistakeflow_owner(uuid);
DROP FUNCTION IF EXISTS mistakeflow_rollout_bucket(uuid);
-- later rows read 'triggers' again, as every row before the install did
ALTER TABLE student_mistakes ALTER COLUMN analysed_by SET DEFAULT 'triggers';
