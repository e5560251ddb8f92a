-- Input tables: what learning apps write and Debezium captures.
-- Additive and idempotent, like every script here: it runs unchanged against a database that
-- already holds the trigger-era tables (CREATE ... IF NOT EXISTS, inserts guarded by NOT EXISTS)
-- and never drops or rewrites a row. Timestamps are UTC values without a zone.

CREATE TABLE IF NOT EXISTS student_mistakes (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    student_id         uuid NOT NULL,
    global_topic_uid   varchar(100),
    mistake_code       varchar(50) NOT NULL,
    test_answer_id     uuid,
    time_spent_seconds int,
    occurred_at        timestamp NOT NULL DEFAULT now()
);

-- Seeded with nothing: the codes and their severities belong to each deployment.
CREATE TABLE IF NOT EXISTS mistake_types (
    mistake_code varchar(50) PRIMARY KEY,
    severity     int NOT NULL
);

CREATE TABLE IF NOT EXISTS analysis_presets (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    preset_name varchar(50) NOT NULL UNIQUE,
    description text,
    settings    jsonb NOT NULL,
    is_default  boolean NOT NULL DEFAULT false,
    created_at  timestamp NOT NULL DEFAULT now(),
    updated_at  timestamp NOT NULL DEFAULT now()
);

-- The three presets of SPEC.md, settings text exactly as in the parity sample. A preset that
-- exists is left alone, and 'normal' becomes the default only if no preset is the default yet
-- (at most one default).
INSERT INTO analysis_presets (preset_name, settings, is_default)
SELECT p.preset_name, p.settings::jsonb,
       p.is_default AND NOT EXISTS (SELECT 1 FROM analysis_presets d WHERE d.is_default)
FROM (VALUES
    ('aggressive', '{"panic_ratio": 0.2, "trend_past_count": 3, "trend_window_size": 5, "panic_absolute_max": 120, "panic_absolute_min": 3, "trend_recent_count": 2, "baseline_test_count": 3, "use_adaptive_baseline": true, "minimum_data_for_trend": 2, "stuck_repeat_threshold": 3, "stuck_time_window_hours": 12, "improvement_target_ratio": 0.90, "worsening_safety_multiplier": 0.6, "trend_significance_threshold": 0.2, "improvement_reward_multiplier": 1.8}', false),
    ('normal', '{"panic_ratio": 0.3, "trend_past_count": 3, "trend_window_size": 5, "panic_absolute_max": 180, "panic_absolute_min": 5, "trend_recent_count": 2, "baseline_test_count": 5, "use_adaptive_baseline": true, "minimum_data_for_trend": 3, "stuck_repeat_threshold": 3, "stuck_time_window_hours": 24, "improvement_target_ratio": 0.95, "worsening_safety_multiplier": 0.7, "trend_significance_threshold": 0.3, "improvement_reward_multiplier": 1.5}', true),
    ('soft', '{"panic_ratio": 0.4, "trend_past_count": 4, "trend_window_size": 7, "panic_absolute_max": 240, "panic_absolute_min": 8, "trend_recent_count": 3, "baseline_test_count": 7, "use_adaptive_baseline": true, "minimum_data_for_trend": 4, "stuck_repeat_threshold": 4, "stuck_time_window_hours": 48, "improvement_target_ratio": 0.97, "worsening_safety_multiplier": 0.8, "trend_significance_threshold": 0.5, "improvement_reward_multiplier": 1.3}', false)
) AS p (preset_name, settings, is_default)
WHERE NOT EXISTS (SELECT 1 FROM analysis_presets a WHERE a.preset_name = p.preset_name);

-- No foreign key to analysis_presets: a name that does not exist means the default preset.
CREATE TABLE IF NOT EXISTS student_analysis_settings (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    student_id      uuid NOT NULL UNIQUE,
    preset_name     varchar(50),
    custom_settings jsonb,
    set_by          uuid,
    set_at          timestamp NOT NULL DEFAULT now()
);
