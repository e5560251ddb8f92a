package io.mistakeflow.platform.replay;

import java.util.List;
import java.util.Map;

/**
 * One of the five output tables, as a replay writes and compares it.
 *
 * @param diffKey   the columns a live row and a replay row are matched on: the natural key where
 *                  the table has one (trigger-era rows have random ids), else the id
 * @param renames   record field -> column, as the sink renames them
 * @param notCompared columns a diff ignores: ids a natural key replaces, the frontend's columns
 *                  (a replay never shows anything), the database's arrival time
 * @param status    the column holding a pattern status, whose moves a diff counts; null if none
 */
record OutputTable(String name, List<String> diffKey, Map<String, String> renames, List<String> notCompared,
                   String status) {

    static final OutputTable BASELINES = new OutputTable("student_baseline_performance",
            List.of("student_id", "global_topic_uid"), Map.of(), List.of("id"), null);
    static final OutputTable PATTERNS = new OutputTable("student_mistake_patterns",
            List.of("student_id", "global_topic_uid"), Map.of(), List.of("id"), "improvement_trend");
    static final OutputTable ANALYSED_MISTAKES = new OutputTable("student_mistake_analysis",
            List.of("mistake_id"), Map.of("id", "mistake_id"), List.of(), "improvement_trend");
    static final OutputTable RECOMMENDATIONS = new OutputTable("student_recommendations",
            List.of("id"), Map.of(), List.of("is_shown", "shown_at", "is_dismissed", "dismissed_at"), null);
    static final OutputTable EVENTS = new OutputTable("ui_reflex_events",
            List.of("id"), Map.of(), List.of("delivered", "delivered_at", "received_at"), null);

    static final List<OutputTable> ALL = List.of(BASELINES, PATTERNS, ANALYSED_MISTAKES, RECOMMENDATIONS, EVENTS);
}
