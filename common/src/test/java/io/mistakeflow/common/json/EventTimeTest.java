package io.mistakeflow.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class EventTimeTest {

    @Test
    void isoTextWithoutAnOffsetIsReadAsUtc() {
        // given
        String postgresTimestamp = "2025-01-06T10:32:15";

        // when
        Instant parsed = EventTime.parse(postgresTimestamp);

        // then
        assertThat(parsed).isEqualTo(Instant.parse("2025-01-06T10:32:15Z"));
    }

    @Test
    void isoTextWithAnOffsetIsConvertedToUtc() {
        // given
        String withOffset = "2025-01-06T12:32:15+02:00";

        // when
        Instant parsed = EventTime.parse(withOffset);

        // then
        assertThat(parsed).isEqualTo(Instant.parse("2025-01-06T10:32:15Z"));
    }

    @Test
    void aSpaceInsteadOfTheTIsAcceptedAsSqlClientsPrintIt() {
        // given
        String sqlText = "2025-01-06 10:32:15.123456";

        // when
        Instant parsed = EventTime.parse(sqlText);

        // then
        assertThat(parsed).isEqualTo(Instant.parse("2025-01-06T10:32:15.123456Z"));
    }

    @Test
    void nanosecondsAreTruncatedToPostgresMicroseconds() {
        // given
        String nanos = "2025-01-06T10:32:15.123456789Z";

        // when
        Instant parsed = EventTime.parse(nanos);

        // then
        assertThat(parsed).isEqualTo(Instant.parse("2025-01-06T10:32:15.123456Z"));
    }

    @Test
    void textThatIsNoTimestampIsRejected() {
        // given
        String text = "yesterday";

        // when / then
        assertThatThrownBy(() -> EventTime.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void epochMicrosecondsAreReadAsDebeziumMicroTimestamp() {
        // given
        long micros = 1_736_159_535_123_456L;

        // when
        Instant parsed = EventTime.ofEpochMicros(micros);

        // then
        assertThat(parsed).isEqualTo(Instant.parse("2025-01-06T10:32:15.123456Z"));
    }

    @Test
    void anInstantIsWrittenBackAsEpochMicroseconds() {
        // given
        Instant instant = Instant.parse("2025-01-06T10:32:15.123456Z");

        // when
        long micros = EventTime.toEpochMicros(instant);

        // then
        assertThat(micros).isEqualTo(1_736_159_535_123_456L);
    }

    @Test
    void aWholeSecondIsFormattedAsPostgresPrintsATimestampWithoutZone() {
        // given
        Instant instant = Instant.parse("2025-01-06T10:32:15Z");

        // when
        String text = EventTime.format(instant);

        // then
        assertThat(text).isEqualTo("2025-01-06T10:32:15");
    }

    @Test
    void microsecondsAreKeptWhenFormatting() {
        // given
        Instant instant = Instant.parse("2025-01-06T10:32:15.123456Z");

        // when
        String text = EventTime.format(instant);

        // then
        assertThat(text).isEqualTo("2025-01-06T10:32:15.123456");
    }
}
