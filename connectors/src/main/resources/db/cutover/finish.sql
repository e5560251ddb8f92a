-- Cut-over from the triggers, last step (`./pipeline cutover finish`, after `rollout --percent 100`):
-- the gated trigger-era triggers are dropped. Their original definitions stay in
-- mistakeflow_cutover_triggers, so uninstall.sql can still bring them back.
DO $$
DECLARE
    t record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM feature_flags WHERE flag_name = 'mistake_pipeline' AND is_enabled
                   AND rollout_percentage = 100) THEN
        RAISE EXCEPTION 'mistake_pipeline is not at 100 %%: run cutover rollout --percent 100 first';
    END IF;
    FOR t IN SELECT table_name, trigger_name FROM mistakeflow_cutover_triggers WHERE NOT dropped LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t.trigger_name, t.table_name);
        UPDATE mistakeflow_cutover_triggers SET dropped = true
            WHERE table_name = t.table_name AND trigger_name = t.trigger_name;
        RAISE NOTICE 'dropped % on %', t.trigger_name, t.table_name;
    END LOOP;
END
$$;
