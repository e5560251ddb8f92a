package io.mistakeflow.gateway.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.recommendation.UiReflexEvent;

/**
 * A {@code ui_reflex_events} row and its SSE message, rendered once however many connections it
 * goes to: {@code id} = the event id, {@code event} = {@code event_type}, {@code data} = the row as
 * JSON with the table's column names ({@link Json#MAPPER}).
 */
public record EventFrame(UiReflexEvent event, byte[] frame) {

    public static EventFrame of(UiReflexEvent event) {
        try {
            return new EventFrame(event, SseFrame.event(event.id(), event.eventType().name(), Json.MAPPER.writeValueAsString(event)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write event " + event.id() + " as JSON", e);
        }
    }

    public String id() {
        return event.id();
    }

    public String studentId() {
        return event.studentId();
    }
}
