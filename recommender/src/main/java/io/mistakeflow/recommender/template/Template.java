package io.mistakeflow.recommender.template;

import io.mistakeflow.common.analysis.PatternStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one status recommends, in one language. Each action item is
 * {@code {"action": ..., <parameter>: ..., "label": ...}} in that key order.
 */
public record Template(
        PatternStatus status,
        int priority,
        Duration lifetime,
        String title,
        String message,
        List<Map<String, Object>> actionItems) {

    /** {@code student_recommendations.recommendation_type}: the status, spelled as the triggers did. */
    public String recommendationType() {
        return status.name();
    }
}
