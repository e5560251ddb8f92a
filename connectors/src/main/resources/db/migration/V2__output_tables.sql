-- Tables the JDBC sink writes from the pipeline's output topics. Numbers are unconstrained
-- numeric so values such as 98.6666666666666667 keep every digit.

CREATE TABLE IF NOT EXISTS student_baseline_performance (
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

CREATE TABLE IF NOT EXISTS student_mistake_patterns (
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

-- What the triggers wrote back onto student_mistakes, kept apart so the change capture of
-- student_mistakes never sees the pipeline's own writes.
CREATE TABLE IF NOT EXISTS student_mistake_analysis (
    mistake_id             uuid PRIMARY KEY,
    student_id             uuid,
    global_topic_uid       varchar(100),
    expected_duration      numeric,
    time_ratio             numeric,
    used_adaptive_baseline boolean,
    improvement_trend      varchar(20)
);

-- is_shown, shown_at, is_dismissed and dismissed_at belong to the frontend; the sink never writes them.
CREATE TABLE IF NOT EXISTS student_recommendations (
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

CREATE UNIQUE INDEX IF NOT EXISTS uq_student_reco_active
    ON student_recommendations (student_id, global_topic_uid, recommendation_type)
    WHERE is_active;

-- delivered and delivered_at belong to the frontend; the sink never writes them.
CREATE TABLE IF NOT EXISTS ui_reflex_events (
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

-- What a frontend polls: a student's undelivered events.
CREATE INDEX IF NOT EXISTS ix_ui_reflex_events_pending
    ON ui_reflex_events (student_id, created_at)
    WHERE NOT delivered;
