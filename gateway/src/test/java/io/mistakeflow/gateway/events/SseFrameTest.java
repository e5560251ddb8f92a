package io.mistakeflow.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseFrameTest {

    @Test
    void anEventHasItsIdTypeAndDataThenABlankLine() {
        assertThat(text(SseFrame.event("e-1", "RECOMMENDATION_CREATED", "{\"id\":\"e-1\"}")))
                .isEqualTo("id: e-1\nevent: RECOMMENDATION_CREATED\ndata: {\"id\":\"e-1\"}\n\n");
    }

    @Test
    void dataWithLineBreaksBecomesOneDataFieldPerLine() {
        assertThat(text(SseFrame.event("e-1", "X", "a\nb\r\nc"))).isEqualTo("id: e-1\nevent: X\ndata: a\ndata: b\ndata: c\n\n");
    }

    @Test
    void anIdOrTypeWithALineBreakCannotForgeFields() {
        assertThatThrownBy(() -> SseFrame.event("e-1\nevent: FAKE", "X", "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("an SSE id cannot contain a line break");
        assertThatThrownBy(() -> SseFrame.event("e-1", "X\r", "{}")).hasMessageStartingWith("an SSE event cannot");
    }

    @Test
    void heartbeatsAreCommentsAndRetryIsAField() {
        assertThat(text(SseFrame.HEARTBEAT)).isEqualTo(": heartbeat\n\n");
        assertThat(text(SseFrame.retry(2000))).isEqualTo("retry: 2000\n\n");
    }

    @Test
    void anEventFrameCarriesTheRowWithItsColumnNames() {
        EventFrame frame = Events.frame(Events.id(1), 0);

        assertThat(text(frame.frame())).isEqualTo("id: 00000000-0000-4000-8000-000000000001\n"
                + "event: RECOMMENDATION_UPDATED\n"
                + "data: {\"id\":\"00000000-0000-4000-8000-000000000001\",\"student_id\":\"" + Events.STUDENT + "\","
                + "\"global_topic_uid\":\"TR.MAT.ALG.001\",\"event_type\":\"RECOMMENDATION_UPDATED\",\"title\":\"Yavaşla\","
                + "\"message\":\"Biraz yavaşla\",\"action_items\":[{\"action\":\"slow_down\",\"duration_sec\":60,"
                + "\"label\":\"60 sn mola\"}],\"priority\":8,\"recommendation_id\":\"" + Events.RECOMMENDATION + "\","
                + "\"source_mistake_id\":\"00000000-0000-4000-8000-0000000000a1\",\"delivered\":false,\"delivered_at\":null,"
                + "\"created_at\":\"2025-01-06T10:00:02\"}\n\n");
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }
}
