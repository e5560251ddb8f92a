package io.mistakeflow.analyzer.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mistakeflow.analyzer.pattern.HistoryEntry;
import io.mistakeflow.analyzer.pattern.MistakeHistory;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.analysis.PatternStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StudentTopicStateSerdeTest {

    private final StudentTopicStateSerde serde = new StudentTopicStateSerde();

    private StudentTopicState roundTrip(StudentTopicState state) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));
    }

    @Test
    void aFullStateComesBackEqualWithEveryDecimalScaleKept() {
        // given
        Instant t = Instant.parse("2025-01-06T10:00:01.123456Z");
        Baseline baseline = new Baseline("b-id", "s", "TR.MAT.ALG.001", new BigDecimal("122.8000000000000000"), 5, t,
                new BigDecimal("76.8888888888888889"), 9, new BigDecimal("-1.1711437274993077"), null, null,
                new BigDecimal("73.044444444444444455"), "improvement", t.plusSeconds(5));
        Map<String, Integer> distribution = new LinkedHashMap<>();
        distribution.put("SIGN_ERROR", 2);
        distribution.put("CALCULATION_ERROR", 2);
        MistakePattern pattern = new MistakePattern("p-id", "s", "TR.MAT.ALG.001", "SIGN_ERROR", 2, distribution,
                PatternStatus.PANIC_RUSH, t);
        MistakeHistory history = new MistakeHistory(List.of(new HistoryEntry("SIGN_ERROR", t, 4),
                new HistoryEntry("NEW_CODE_X", t.minusSeconds(60), 3)));
        StudentTopicState state = new StudentTopicState(baseline, pattern, history, "m4", t, 4);

        // when
        StudentTopicState read = roundTrip(state);

        // then
        assertThat(read).isEqualTo(state);
        assertThat(read.baseline().adaptiveExpectedDuration().toPlainString()).isEqualTo("73.044444444444444455");
        assertThat(read.baseline().baselineAvgDuration().scale()).isEqualTo(16);
        assertThat(read.pattern().mistakeDistribution().keySet()).containsExactly("SIGN_ERROR", "CALCULATION_ERROR");
    }

    @Test
    void aStateWithoutRowsAndANullTopicComesBackEqual() {
        // given: a key that has seen only a mistake without time
        StudentTopicState state = new StudentTopicState(null, null,
                new MistakeHistory(List.of(new HistoryEntry("CONCEPT_GAP", Instant.parse("2025-01-06T10:00:00Z"), 1))),
                "m1", Instant.parse("2025-01-06T10:00:00Z"), 1);

        // when / then
        assertThat(roundTrip(state)).isEqualTo(state);
        assertThat(roundTrip(StudentTopicState.empty())).isEqualTo(StudentTopicState.empty());
    }

    @Test
    void anUnknownFormatVersionIsRefusedWithAClearError() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown topic state format 9");
    }
}
