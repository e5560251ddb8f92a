-- A trigger-era database, as the learning apps ran it before the pipeline: the tables and three
-- PL/pgSQL triggers doing Rules 1 to 3 of docs/behaviour.md in the database.
--
-- This is a STAND-IN written from the behaviour contract, not the original source (migrations 006
-- and 007 of the trigger-era app). TriggerEraFixtureTest proves it equal to the original on the
-- parity sample: every table it writes for the sample's 1,860 mistakes equals the sample's files.
-- The cut-over tests run it next to the pipeline.
--
-- Time: like the originals, the functions call now(). For replaying recorded mistakes a session may
-- set trigger_era.clock (the parity sample was made with now() = each mistake's occurred_at); the
-- functions search public before pg_catalog so that public.now() below is the one they call.

CREATE TABLE student_mistakes (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    student_id             uuid NOT NULL,
    global_topic_uid       varchar(100),
    mistake_code           varchar(50) NOT NULL,
    test_answer_id         uuid,
    time_spent_seconds     int,
    occurred_at            timestamp NOT NULL DEFAULT now(),
    expected_duration      numeric,
    time_ratio             numeric,
    used_adaptive_baseline boolean DEFAULT false
);

CREATE TABLE mistake_types (
    mistake_code varchar(50) PRIMARY KEY,
    severity     int NOT NULL
);

CREATE TABLE analysis_presets (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    preset_name varchar(50) NOT NULL UNIQUE,
    description text,
    settings    jsonb NOT NULL,
    is_default  boolean NOT NULL DEFAULT false,
    created_at  timestamp NOT NULL DEFAULT now(),
    updated_at  timestamp NOT NULL DEFAULT now()
);

INSERT INTO analysis_presets (preset_name, settings, is_default) VALUES
    ('aggressive', '{"panic_ratio": 0.2, "trend_past_count": 3, "trend_window_size": 5, "panic_absolute_max": 120, "panic_absolute_min": 3, "trend_recent_count": 2, "baseline_test_count": 3, "use_adaptive_baseline": true, "minimum_data_for_trend": 2, "stuck_repeat_threshold": 3, "stuck_time_window_hours": 12, "improvement_target_ratio": 0.90, "worsening_safety_multiplier": 0.6, "trend_significance_threshold": 0.2, "improvement_reward_multiplier": 1.8}', false),
    ('normal', '{"panic_ratio": 0.3, "trend_past_count": 3, "trend_window_size": 5, "panic_absolute_max": 180, "panic_absolute_min": 5, "trend_recent_count": 2, "baseline_test_count": 5, "use_adaptive_baseline": true, "minimum_data_for_trend": 3, "stuck_repeat_threshold": 3, "stuck_time_window_hours": 24, "improvement_target_ratio": 0.95, "worsening_safety_multiplier": 0.7, "trend_significance_threshold": 0.3, "improvement_reward_multiplier": 1.5}', true),
    ('soft', '{"panic_ratio": 0.4, "trend_past_count": 4, "trend_window_size": 7, "panic_absolute_max": 240, "panic_absolute_min": 8, "trend_recent_count": 3, "baseline_test_count": 7, "use_adaptive_baseline": true, "minimum_data_for_trend": 4, "stuck_repeat_threshold": 4, "stuck_time_window_hours": 48, "improvement_target_ratio": 0.97, "worsening_safety_multiplier": 0.8, "trend_significance_threshold": 0.5, "improvement_reward_multiplier": 1.3}', false);

CREATE TABLE student_analysis_settings (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    student_id      uuid NOT NULL UNIQUE,
    preset_name     varchar(50),
    custom_settings jsonb,
    set_by          uuid,
    set_at          timestamp NOT NULL DEFAULT now()
);

CREATE TABLE student_baseline_performance (
    id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    student_id                 uuid NOT NULL,
    global_topic_uid           varchar(100),
    baseline_avg_duration      numeric,
    baseline_sample_count      int,
    baseline_established_at    timestamp,
    current_avg_duration       numeric,
    current_sample_count       int,
    improvement_rate           numeric,
    exam_norm_duration         numeric,
    distance_to_norm           numeric,
    adaptive_expected_duration numeric,
    learning_phase             varchar(20),
    updated_at                 timestamp
);

CREATE TABLE student_mistake_patterns (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    student_id             uuid NOT NULL,
    global_topic_uid       varchar(100),
    dominant_mistake_code  varchar(50),
    dominant_mistake_count int,
    mistake_distribution   jsonb,
    improvement_trend      varchar(20),
    analyzed_at            timestamp,
    UNIQUE (student_id, global_topic_uid)
);

CREATE TABLE student_recommendations (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    student_id          uuid NOT NULL,
    global_topic_uid    varchar(100),
    recommendation_type varchar(50),
    title               text,
    message             text,
    action_items        jsonb,
    priority            int,
    is_active           boolean NOT NULL DEFAULT true,
    is_shown            boolean NOT NULL DEFAULT false,
    shown_at            timestamp,
    is_dismissed        boolean NOT NULL DEFAULT false,
    dismissed_at        timestamp,
    source_mistake_id   uuid,
    created_at          timestamp NOT NULL DEFAULT now(),
    updated_at          timestamp NOT NULL DEFAULT now(),
    expires_at          timestamp
);

CREATE UNIQUE INDEX uq_student_reco_active
    ON student_recommendations (student_id, global_topic_uid, recommendation_type) WHERE is_active;

CREATE TABLE ui_reflex_events (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    student_id        uuid NOT NULL,
    global_topic_uid  varchar(100),
    event_type        varchar(50),
    title             text,
    message           text,
    action_items      jsonb,
    priority          int,
    recommendation_id uuid,
    source_mistake_id uuid,
    delivered         boolean NOT NULL DEFAULT false,
    delivered_at      timestamp,
    created_at        timestamp NOT NULL DEFAULT now()
);

-- the deployment guides' feature flags (the cut-over adds its row)
CREATE TABLE feature_flags (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    flag_name          varchar(100) NOT NULL UNIQUE,
    is_enabled         boolean NOT NULL DEFAULT false,
    rollout_percentage int NOT NULL DEFAULT 0 CHECK (rollout_percentage BETWEEN 0 AND 100),
    description        text,
    updated_at         timestamp NOT NULL DEFAULT now()
);

-- The replay clock (see the top); without trigger_era.clock, the real now().
CREATE FUNCTION public.now() RETURNS timestamptz
    LANGUAGE sql STABLE
AS $$ SELECT coalesce(nullif(current_setting('trigger_era.clock', true), '')::timestamptz, pg_catalog.now()) $$;

-- A setting of a preset's settings, or the normal preset's value when the key is missing.
CREATE FUNCTION trigger_era_setting(settings jsonb, name text) RETURNS text
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT coalesce(settings ->> name, ('{"panic_ratio": 0.3, "trend_past_count": 3, "trend_window_size": 5,'
        || ' "panic_absolute_max": 180, "panic_absolute_min": 5, "trend_recent_count": 2, "baseline_test_count": 5,'
        || ' "use_adaptive_baseline": true, "minimum_data_for_trend": 3, "stuck_repeat_threshold": 3,'
        || ' "stuck_time_window_hours": 24, "improvement_target_ratio": 0.95, "worsening_safety_multiplier": 0.7,'
        || ' "trend_significance_threshold": 0.3, "improvement_reward_multiplier": 1.5}')::jsonb ->> name)
$$;

-- Rule 2, first of the two triggers on student_mistakes (row triggers fire in name order): it reads
-- the baseline's adaptive expectation before Rule 1 folds this mistake in.
CREATE FUNCTION trigger_era_analyze_pattern() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_catalog
AS $$
DECLARE
    preset jsonb;
    t int := NEW.time_spent_seconds;
    expected numeric;
    used_adaptive boolean := false;
    ratio numeric;
    severity int;
    codes text[];
    severities int[];
    window_size int;
    recent_count int;
    recent numeric;
    past numeric;
    status text;
    distribution jsonb;
    dominant record;
BEGIN
    IF t IS NULL OR t <= 0 THEN
        RETURN NULL;
    END IF;
    SELECT p.settings INTO preset FROM student_analysis_settings s JOIN analysis_presets p ON p.preset_name = s.preset_name
        WHERE s.student_id = NEW.student_id;
    IF preset IS NULL THEN
        SELECT p.settings INTO preset FROM analysis_presets p WHERE p.is_default;
    END IF;
    preset := coalesce(preset, '{}'::jsonb);

    IF trigger_era_setting(preset, 'use_adaptive_baseline')::boolean THEN
        SELECT b.adaptive_expected_duration INTO expected FROM student_baseline_performance b
            WHERE b.student_id = NEW.student_id AND b.global_topic_uid = NEW.global_topic_uid;
        used_adaptive := expected IS NOT NULL;
    END IF;
    -- no exam norm (FK-free mode): without an adaptive expectation there is none
    IF expected IS NOT NULL AND expected <> 1 THEN
        ratio := t / expected;
    END IF;
    SELECT coalesce((SELECT mt.severity FROM mistake_types mt WHERE mt.mistake_code = NEW.mistake_code), 3) INTO severity;

    window_size := trigger_era_setting(preset, 'trend_window_size')::int;
    SELECT array_agg(w.mistake_code ORDER BY w.occurred_at DESC), array_agg(w.severity ORDER BY w.occurred_at DESC)
        INTO codes, severities
        FROM (SELECT m.mistake_code, m.occurred_at, mt.severity FROM student_mistakes m
              JOIN mistake_types mt ON mt.mistake_code = m.mistake_code
              WHERE m.student_id = NEW.student_id AND m.global_topic_uid = NEW.global_topic_uid
                AND m.occurred_at >= NEW.occurred_at - make_interval(hours => trigger_era_setting(preset, 'stuck_time_window_hours')::int)
              ORDER BY m.occurred_at DESC LIMIT window_size) w;
    codes := coalesce(codes, '{}');
    severities := coalesce(severities, '{}');
    recent_count := trigger_era_setting(preset, 'trend_recent_count')::int;
    SELECT avg(s) INTO recent FROM unnest(severities[1:recent_count]) s;
    SELECT avg(s) INTO past FROM unnest(severities[recent_count + 1:]) s;

    IF past IS NULL OR cardinality(codes) < trigger_era_setting(preset, 'minimum_data_for_trend')::int THEN
        status := 'insufficient_data';
    ELSIF t < trigger_era_setting(preset, 'panic_absolute_min')::numeric
          OR (ratio IS NOT NULL AND ratio < trigger_era_setting(preset, 'panic_ratio')::numeric AND severity < 4) THEN
        status := 'PANIC_RUSH';
    ELSIF cardinality(codes) >= 3 AND codes[1] = codes[2] AND codes[2] = codes[3] THEN
        status := 'STUCK_LOOP';
    ELSIF t > trigger_era_setting(preset, 'panic_absolute_max')::numeric THEN
        status := 'STUCK_SLOW';
    ELSIF recent < past - trigger_era_setting(preset, 'trend_significance_threshold')::numeric THEN
        status := 'improving';
    ELSIF recent > past + trigger_era_setting(preset, 'trend_significance_threshold')::numeric THEN
        status := 'worsening';
    ELSE
        status := 'stable';
    END IF;

    SELECT p.mistake_distribution INTO distribution FROM student_mistake_patterns p
        WHERE p.student_id = NEW.student_id AND p.global_topic_uid = NEW.global_topic_uid;
    distribution := coalesce(distribution, '{}'::jsonb);
    distribution := distribution || jsonb_build_object(NEW.mistake_code, coalesce((distribution ->> NEW.mistake_code)::int, 0) + 1);
    -- the first highest count in jsonb key order (length, then bytes)
    SELECT key, value::int AS count INTO dominant FROM jsonb_each_text(distribution)
        ORDER BY value::int DESC, length(key), key COLLATE "C" LIMIT 1;

    INSERT INTO student_mistake_patterns (student_id, global_topic_uid, dominant_mistake_code, dominant_mistake_count,
                                          mistake_distribution, improvement_trend, analyzed_at)
        VALUES (NEW.student_id, NEW.global_topic_uid, dominant.key, dominant.count, distribution, status, now())
        ON CONFLICT (student_id, global_topic_uid) DO UPDATE SET
            dominant_mistake_code = EXCLUDED.dominant_mistake_code, dominant_mistake_count = EXCLUDED.dominant_mistake_count,
            mistake_distribution = EXCLUDED.mistake_distribution, improvement_trend = EXCLUDED.improvement_trend,
            analyzed_at = EXCLUDED.analyzed_at;

    UPDATE student_mistakes SET expected_duration = expected, time_ratio = ratio, used_adaptive_baseline = used_adaptive
        WHERE id = NEW.id;
    RETURN NULL;
END
$$;

-- Rule 1, with the default preset's parameters.
CREATE FUNCTION trigger_era_update_baseline() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_catalog
AS $$
DECLARE
    preset jsonb;
    t int := NEW.time_spent_seconds;
    required int;
    target numeric;
    adaptive boolean;
    b student_baseline_performance;
    average numeric;
BEGIN
    IF t IS NULL OR t <= 0 THEN
        RETURN NULL;
    END IF;
    SELECT p.settings INTO preset FROM analysis_presets p WHERE p.is_default;
    preset := coalesce(preset, '{}'::jsonb);
    required := trigger_era_setting(preset, 'baseline_test_count')::int;
    target := trigger_era_setting(preset, 'improvement_target_ratio')::numeric;
    adaptive := trigger_era_setting(preset, 'use_adaptive_baseline')::boolean;

    SELECT * INTO b FROM student_baseline_performance
        WHERE student_id = NEW.student_id AND global_topic_uid = NEW.global_topic_uid;
    IF NOT FOUND THEN
        INSERT INTO student_baseline_performance (student_id, global_topic_uid, baseline_avg_duration, baseline_sample_count,
                current_avg_duration, current_sample_count, exam_norm_duration, adaptive_expected_duration, learning_phase,
                updated_at)
            VALUES (NEW.student_id, NEW.global_topic_uid, t, 1, t, 1, NULL, NULL, 'baseline', now());
    ELSIF b.baseline_sample_count < required THEN
        average := (b.baseline_avg_duration * b.baseline_sample_count + t) / (b.baseline_sample_count + 1);
        UPDATE student_baseline_performance SET
                baseline_avg_duration = average, current_avg_duration = average,
                baseline_sample_count = b.baseline_sample_count + 1, current_sample_count = b.current_sample_count + 1,
                exam_norm_duration = NULL,
                baseline_established_at = CASE WHEN b.baseline_sample_count + 1 >= required THEN now() END,
                learning_phase = CASE WHEN b.baseline_sample_count + 1 >= required THEN 'improvement' ELSE 'baseline' END,
                adaptive_expected_duration = CASE WHEN b.baseline_sample_count + 1 >= required AND adaptive
                                                  THEN average * target END,
                updated_at = now()
            WHERE id = b.id;
    ELSE
        average := (b.current_avg_duration * b.current_sample_count + t) / (b.current_sample_count + 1);
        UPDATE student_baseline_performance SET
                current_avg_duration = average, current_sample_count = b.current_sample_count + 1,
                improvement_rate = CASE WHEN b.baseline_avg_duration > 0
                                        THEN (b.baseline_avg_duration - average) / b.baseline_avg_duration END,
                distance_to_norm = NULL,
                learning_phase = 'improvement',
                adaptive_expected_duration = CASE WHEN adaptive THEN average * target END,
                updated_at = now()
            WHERE id = b.id;
    END IF;
    RETURN NULL;
END
$$;

-- Rule 3, on every pattern update.
CREATE FUNCTION trigger_era_recommend() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_catalog
AS $$
DECLARE
    tpl record;
    source uuid;
    active_id uuid;
    event text;
BEGIN
    SELECT * INTO tpl FROM (VALUES
        ('PANIC_RUSH', 8, interval '6 hours', '⏱️ Acele Modu Tespit Edildi',
         'Çok hızlı çözüm → basit hata riski. 60 sn yavaşlat ve mini kontrol uygula.',
         '[{"label": "60 saniye nefes al", "action": "slow_down", "duration_sec": 60}, {"count": 2, "label": "2 adımı kontrol et", "action": "recheck_steps"}, {"label": "45 saniye ara ver", "action": "micro_break", "duration_sec": 45}]'),
        ('STUCK_LOOP', 9, interval '24 hours', '🔁 Takılma Döngüsü Tespit Edildi',
         'Aynı hata tekrar ediyor. 1 ipucu al + 1 mini konu tekrarı yap + yeniden dene.',
         '[{"label": "1 ipucu al", "level": 1, "action": "hint"}, {"label": "6 dakika tekrar", "action": "micro_review", "duration_min": 6}, {"count": 1, "label": "Tekrar dene", "action": "retry"}]'),
        ('STUCK_SLOW', 7, interval '24 hours', '🐢 Çok Yavaş Çözüm Tespit Edildi',
         'Süre aşımı var. Çözümü 3 parçaya böl + her parçaya 90 sn hedefi koy.',
         '[{"label": "Çözümü 3 adıma böl", "steps": 3, "action": "split_solution"}, {"label": "Her adım için 90 sn", "action": "time_box", "duration_sec": 90}, {"count": 1, "label": "Yeniden dene", "action": "retry"}]'),
        ('worsening', 7, interval '24 hours', '⚠️ Hata Şiddeti Artıyor',
         'Son hatalar daha zorlayıcı. Önce öncül mini tekrar + sonra daha kolay soru seti önerilir.',
         '[{"mode": "light", "label": "Öncül konuları kontrol et", "action": "prereq_check"}, {"count": 6, "label": "6 kolay soru çöz", "action": "easy_set"}, {"label": "8 dakika tekrar", "action": "review", "duration_min": 8}]'),
        ('improving', 4, interval '24 hours', '✅ İyileşme Var - Devam Et!',
         'Hatalar hafifliyor. Ritmi koru: 1 kısa tekrar + 1 normal deneme seti.',
         '[{"label": "5 dakika hızlı tekrar", "action": "review", "duration_min": 5}, {"count": 8, "label": "8 normal soru", "action": "normal_set"}]')
        ) AS t (status, priority, lifetime, title, message, action_items)
        WHERE t.status = NEW.improvement_trend;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT m.id INTO source FROM student_mistakes m
        WHERE m.student_id = NEW.student_id AND m.global_topic_uid = NEW.global_topic_uid
        ORDER BY m.occurred_at DESC LIMIT 1;
    SELECT r.id INTO active_id FROM student_recommendations r
        WHERE r.student_id = NEW.student_id AND r.global_topic_uid = NEW.global_topic_uid
          AND r.recommendation_type = tpl.status AND r.is_active;
    IF active_id IS NULL THEN
        INSERT INTO student_recommendations (student_id, global_topic_uid, recommendation_type, title, message, action_items,
                priority, source_mistake_id, created_at, updated_at, expires_at)
            VALUES (NEW.student_id, NEW.global_topic_uid, tpl.status, tpl.title, tpl.message, tpl.action_items::jsonb,
                    tpl.priority, source, now(), now(), now() + tpl.lifetime)
            RETURNING id INTO active_id;
        event := 'RECOMMENDATION_CREATED';
    ELSE
        UPDATE student_recommendations SET title = tpl.title, message = tpl.message, action_items = tpl.action_items::jsonb,
                priority = tpl.priority, source_mistake_id = source, expires_at = now() + tpl.lifetime, updated_at = now()
            WHERE id = active_id;
        event := 'RECOMMENDATION_UPDATED';
    END IF;
    INSERT INTO ui_reflex_events (student_id, global_topic_uid, event_type, title, message, action_items, priority,
            recommendation_id, source_mistake_id, created_at)
        VALUES (NEW.student_id, NEW.global_topic_uid, event, tpl.title, tpl.message, tpl.action_items::jsonb, tpl.priority,
                active_id, source, now());
    RETURN NULL;
END
$$;

CREATE TRIGGER trg_mistake_1_pattern AFTER INSERT ON student_mistakes
    FOR EACH ROW EXECUTE FUNCTION trigger_era_analyze_pattern();
CREATE TRIGGER trg_mistake_2_baseline AFTER INSERT ON student_mistakes
    FOR EACH ROW EXECUTE FUNCTION trigger_era_update_baseline();
CREATE TRIGGER trg_pattern_recommendation AFTER INSERT OR UPDATE ON student_mistake_patterns
    FOR EACH ROW EXECUTE FUNCTION trigger_era_recommend();
