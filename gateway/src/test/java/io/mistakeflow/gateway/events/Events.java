package io.mistakeflow.gateway.events;

import io.mistakeflow.common.recommendation.EventType;
import io.mistakeflow.common.recommendation.UiReflexEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Event rows for tests: only the id, student, time and type vary. */
final class Events {

    static final String STUDENT = "5b0c7f4e-3f43-4c8e-9a55-0a4c1b2d3e4f";
    static final String OTHER_STUDENT = "9d3e2c1b-0000-4000-8000-00000000000b";
    static final String RECOMMENDATION = "7e57a11e-0000-4000-8000-000000000001";
    static final Instant T0 = Instant.parse("2025-01-06T10:00:02Z");

    private Events() {
    }

    static EventFrame frame(String id, int secondsAfterT0) {
        return EventFrame.of(event(id, STUDENT, secondsAfterT0));
    }

    static EventFrame frame(String id, String student, int secondsAfterT0) {
        return EventFrame.of(event(id, student, secondsAfterT0));
    }

    static UiReflexEvent event(String id, String student, int secondsAfterT0) {
        return new UiReflexEvent(id, student, "TR.MAT.ALG.001", EventType.RECOMMENDATION_UPDATED, "Yavaşla", "Biraz yavaşla",
                List.of(slowDown()), 8, RECOMMENDATION,
                "00000000-0000-4000-8000-0000000000a1", false, null, T0.plusSeconds(secondsAfterT0));
    }

    private static Map<String, Object> slowDown() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("action", "slow_down");
        item.put("duration_sec", 60);
        item.put("label", "60 sn mola");
        return item;
    }

    /** A fixed-width id whose text order is its number's order. */
    static String id(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }
}
