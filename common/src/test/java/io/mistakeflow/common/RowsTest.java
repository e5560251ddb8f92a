package io.mistakeflow.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mistakeflow.common.BadRecordException.Kind;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.recommendation.RecommendationFeedback;
import io.mistakeflow.common.reference.MistakeType;
import io.mistakeflow.common.reference.Preset;
import io.mistakeflow.common.reference.PresetSettings;
import io.mistakeflow.common.reference.StudentSettings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RowsTest {

    private static final String ID = "6d000000-0000-4000-8000-000000000001";
    private static final String STUDENT = "00000000-0000-4000-8000-000000000010";

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** A student_mistakes row with {@code fields} (already JSON) after the id. */
    private static byte[] mistakeRow(String fields) {
        return bytes("{\"id\":\"" + ID + "\"," + fields + "}");
    }

    private static final String VALID_REST = "\"student_id\":\"" + STUDENT + "\",\"global_topic_uid\":\"TR.MAT.ALG.001\","
            + "\"mistake_code\":\"CALCULATION_ERROR\",\"test_answer_id\":null,\"time_spent_seconds\":42";

    @Nested
    class Mistakes {

        @Test
        void aFlatRowIsReadColumnByColumn() {
            // given
            byte[] row = mistakeRow(VALID_REST + ",\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when
            Mistake mistake = Rows.mistake(row);

            // then
            assertThat(mistake).isEqualTo(new Mistake(ID, STUDENT, "TR.MAT.ALG.001", "CALCULATION_ERROR", null, 42,
                    Instant.parse("2025-01-06T10:32:15Z")));
        }

        @Test
        void occurredAtWithoutAnOffsetIsUtc() {
            // given
            byte[] row = mistakeRow(VALID_REST + ",\"occurred_at\":\"2025-01-06T10:32:15.5\"");

            // when
            Mistake mistake = Rows.mistake(row);

            // then
            assertThat(mistake.occurredAt()).isEqualTo(Instant.parse("2025-01-06T10:32:15.500Z"));
        }

        @Test
        void occurredAtWithAnOffsetIsConvertedToUtc() {
            // given
            byte[] row = mistakeRow(VALID_REST + ",\"occurred_at\":\"2025-01-06T13:32:15+03:00\"");

            // when
            Mistake mistake = Rows.mistake(row);

            // then
            assertThat(mistake.occurredAt()).isEqualTo(Instant.parse("2025-01-06T10:32:15Z"));
        }

        @Test
        void occurredAtInEpochMicrosecondsIsReadAsDebeziumSendsIt() {
            // given
            byte[] row = mistakeRow(VALID_REST + ",\"occurred_at\":1736159535123456");

            // when
            Mistake mistake = Rows.mistake(row);

            // then
            assertThat(mistake.occurredAt()).isEqualTo(Instant.parse("2025-01-06T10:32:15.123456Z"));
        }

        @Test
        void aNullTopicStaysNull() {
            // given
            byte[] row = bytes("{\"id\":\"" + ID + "\",\"student_id\":\"" + STUDENT + "\",\"global_topic_uid\":null,"
                    + "\"mistake_code\":\"SIGN_ERROR\",\"occurred_at\":\"2025-01-06T10:32:15\"}");

            // when
            Mistake mistake = Rows.mistake(row);

            // then
            assertThat(mistake.globalTopicUid()).isNull();
            assertThat(mistake.timeSpentSeconds()).isNull();
        }

        @Test
        void aZeroTimeIsAcceptedButNotAnalysed() {
            // given
            byte[] row = mistakeRow("\"student_id\":\"" + STUDENT + "\",\"mistake_code\":\"SIGN_ERROR\","
                    + "\"time_spent_seconds\":0,\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when
            Mistake mistake = Rows.mistake(row);

            // then
            assertThat(mistake.timeSpentSeconds()).isZero();
            assertThat(mistake.hasTime()).isFalse();
        }

        @Test
        void unknownColumnsAreIgnored() {
            // given
            byte[] row = mistakeRow(VALID_REST + ",\"occurred_at\":\"2025-01-06T10:32:15\",\"__deleted\":\"false\","
                    + "\"created_at\":1736159535000000");

            // when
            Mistake mistake = Rows.mistake(row);

            // then
            assertThat(mistake.id()).isEqualTo(ID);
        }

        @Test
        void aNegativeTimeIsRejected() {
            // given
            byte[] row = mistakeRow("\"student_id\":\"" + STUDENT + "\",\"mistake_code\":\"SIGN_ERROR\","
                    + "\"time_spent_seconds\":-5,\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("time_spent_seconds is negative: -5");
        }

        @Test
        void aFractionalTimeIsRejected() {
            // given
            byte[] row = mistakeRow("\"student_id\":\"" + STUDENT + "\",\"mistake_code\":\"SIGN_ERROR\","
                    + "\"time_spent_seconds\":12.5,\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("time_spent_seconds is not a whole number: 12.5");
        }

        @Test
        void aMissingStudentIsRejected() {
            // given
            byte[] row = mistakeRow("\"mistake_code\":\"SIGN_ERROR\",\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("student_id is missing");
        }

        @Test
        void aBlankStudentIsRejectedAsMissing() {
            // given
            byte[] row = mistakeRow("\"student_id\":\"  \",\"mistake_code\":\"SIGN_ERROR\","
                    + "\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("student_id is missing");
        }

        @Test
        void aMissingMistakeCodeIsRejected() {
            // given
            byte[] row = mistakeRow("\"student_id\":\"" + STUDENT + "\",\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("mistake_code is missing");
        }

        @Test
        void aMissingIdIsRejected() {
            // given
            byte[] row = bytes("{\"student_id\":\"" + STUDENT + "\",\"mistake_code\":\"SIGN_ERROR\","
                    + "\"occurred_at\":\"2025-01-06T10:32:15\"}");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("id is missing");
        }

        @Test
        void aMissingOccurredAtIsRejected() {
            // given
            byte[] row = mistakeRow(VALID_REST);

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("occurred_at is missing");
        }

        @Test
        void aNullOccurredAtIsRejectedAsMissing() {
            // given
            byte[] row = mistakeRow(VALID_REST + ",\"occurred_at\":null");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("occurred_at is missing");
        }

        @Test
        void anOccurredAtThatIsNoTimestampIsRejected() {
            // given
            byte[] row = mistakeRow(VALID_REST + ",\"occurred_at\":\"yesterday\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("occurred_at is not an ISO-8601 timestamp or epoch microseconds: \"yesterday\"");
        }

        @Test
        void anObjectWhereAScalarBelongsIsRejected() {
            // given
            byte[] row = mistakeRow("\"student_id\":{\"value\":\"" + STUDENT + "\"},\"mistake_code\":\"SIGN_ERROR\","
                    + "\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("student_id is not a scalar");
        }

        @Test
        void malformedJsonIsRejected() {
            // given
            byte[] row = bytes("{\"id\":");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessageStartingWith("malformed JSON: ");
        }

        @Test
        void jsonThatIsNoObjectIsRejected() {
            // given
            byte[] row = bytes("[1,2,3]");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("value is not a JSON object");
        }

        @Test
        void aStudentThatIsNotAUuidIsRejected() {
            // given
            byte[] row = mistakeRow("\"student_id\":\"student-7\",\"mistake_code\":\"SIGN_ERROR\","
                    + "\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOfSatisfying(BadRecordException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE))
                    .hasMessage("student_id is not a UUID (8-4-4-4-12 lower-case hex digits): \"student-7\"");
        }

        @Test
        void aStudentGivenAsANumberIsRejected() {
            // given
            byte[] row = mistakeRow("\"student_id\":10,\"mistake_code\":\"SIGN_ERROR\","
                    + "\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .hasMessage("student_id is not a UUID (8-4-4-4-12 lower-case hex digits): 10");
        }

        @Test
        void anUpperCaseUuidIsRejectedBecauseItWouldBeAnotherStudentHere() {
            // given: Postgres reads it as the uuid 0a1b2c3d-..., but the pipeline keys state and ids by the text
            byte[] row = mistakeRow("\"student_id\":\"0A1B2C3D-0000-4000-8000-00000000ABCD\","
                    + "\"mistake_code\":\"SIGN_ERROR\",\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .hasMessage("student_id is not a UUID (8-4-4-4-12 lower-case hex digits):"
                            + " \"0A1B2C3D-0000-4000-8000-00000000ABCD\"");
        }

        @Test
        void aUuidWithoutHyphensIsRejected() {
            // given
            byte[] row = mistakeRow("\"student_id\":\"00000000000040008000000000000010\",\"mistake_code\":\"SIGN_ERROR\","
                    + "\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .hasMessage("student_id is not a UUID (8-4-4-4-12 lower-case hex digits):"
                            + " \"00000000000040008000000000000010\"");
        }

        @Test
        void anIdThatIsNotAUuidIsRejected() {
            // given
            byte[] row = bytes("{\"id\":\"m-1\"," + VALID_REST + ",\"occurred_at\":\"2025-01-06T10:32:15\"}");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOfSatisfying(BadRecordException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE))
                    .hasMessage("id is not a UUID (8-4-4-4-12 lower-case hex digits): \"m-1\"");
        }

        @Test
        void aLongBadValueIsQuotedOnlyInPart() {
            // given
            String junk = "x".repeat(500);
            byte[] row = mistakeRow("\"student_id\":\"" + junk + "\",\"mistake_code\":\"SIGN_ERROR\","
                    + "\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when / then: the first 80 characters of the JSON value, the opening quote included
            assertThatThrownBy(() -> Rows.mistake(row))
                    .hasMessage("student_id is not a UUID (8-4-4-4-12 lower-case hex digits): \"" + "x".repeat(79) + "...");
        }

        @Test
        void aTimeOfADayIsAccepted() {
            // given
            byte[] row = mistakeRow("\"student_id\":\"" + STUDENT + "\",\"mistake_code\":\"SIGN_ERROR\","
                    + "\"time_spent_seconds\":86400,\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when
            Mistake mistake = Rows.mistake(row);

            // then
            assertThat(mistake.timeSpentSeconds()).isEqualTo(86_400);
        }

        @Test
        void aTimeOfMoreThanADayIsRejected() {
            // given
            byte[] row = mistakeRow("\"student_id\":\"" + STUDENT + "\",\"mistake_code\":\"SIGN_ERROR\","
                    + "\"time_spent_seconds\":86401,\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row))
                    .isInstanceOfSatisfying(BadRecordException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE))
                    .hasMessage("time_spent_seconds is more than a day (86400): 86401");
        }

        @Test
        void anOccurredAtBeforeTheCommitIsAccepted() {
            // given: a backfill, committed a month later
            byte[] row = mistakeRow(VALID_REST + ",\"occurred_at\":\"2025-01-06T10:32:15\"");

            // when
            Mistake mistake = Rows.mistake(row, Instant.parse("2025-02-06T10:32:15Z"));

            // then
            assertThat(mistake.occurredAt()).isEqualTo(Instant.parse("2025-01-06T10:32:15Z"));
        }

        @Test
        void anOccurredAtADayAfterTheCommitIsAccepted() {
            // given
            byte[] row = mistakeRow(VALID_REST + ",\"occurred_at\":\"2025-01-07T10:32:15\"");

            // when
            Mistake mistake = Rows.mistake(row, Instant.parse("2025-01-06T10:32:15Z"));

            // then
            assertThat(mistake.occurredAt()).isEqualTo(Instant.parse("2025-01-07T10:32:15Z"));
        }

        @Test
        void anOccurredAtMoreThanADayAfterTheCommitIsRejected() {
            // given
            byte[] row = mistakeRow(VALID_REST + ",\"occurred_at\":\"2025-01-07T10:32:15.000001\"");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row, Instant.parse("2025-01-06T10:32:15Z")))
                    .isInstanceOfSatisfying(BadRecordException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE))
                    .hasMessage("occurred_at is more than a day after the record's timestamp 2025-01-06T10:32:15:"
                            + " 2025-01-07T10:32:15.000001");
        }

        @Test
        void nanosecondsSentAsMicrosecondsAreFarInTheFuture() {
            // given: 2025-01-06T10:32:15Z in epoch nanoseconds, read as microseconds (year 56,000-odd)
            byte[] row = mistakeRow(VALID_REST + ",\"occurred_at\":1736159535000000000");

            // when / then
            assertThatThrownBy(() -> Rows.mistake(row, Instant.parse("2025-01-06T10:32:15.500Z")))
                    .hasMessageStartingWith("occurred_at is more than a day after the record's timestamp"
                            + " 2025-01-06T10:32:15.5: +");
        }

        @Test
        void aScalarIsRejectedAsNoObject() {
            // given
            byte[] number = bytes("42");
            byte[] text = bytes("\"a mistake\"");
            byte[] nothing = bytes("null");

            // when / then
            for (byte[] row : List.of(number, text, nothing)) {
                assertThatThrownBy(() -> Rows.mistake(row))
                        .isInstanceOfSatisfying(BadRecordException.class,
                                e -> assertThat(e.kind()).isEqualTo(Kind.NOT_AN_OBJECT))
                        .hasMessage("value is not a JSON object");
            }
        }
    }

    @Nested
    class Sizes {

        @Test
        void aRowOfTheLimitIsRead() {
            // given: a valid row padded with spaces to exactly 64 KiB
            String row = "{\"id\":\"" + ID + "\"," + VALID_REST + ",\"occurred_at\":\"2025-01-06T10:32:15\"}";
            byte[] padded = bytes(row + " ".repeat(Rows.MAX_ROW_BYTES - row.length()));

            // when
            Mistake mistake = Rows.mistake(padded);

            // then
            assertThat(padded).hasSize(65_536);
            assertThat(mistake.id()).isEqualTo(ID);
        }

        @Test
        void aValueAboveTheLimitIsRejectedBeforeItIsParsed() {
            // given: not even JSON, so only the size can be the reason
            byte[] huge = new byte[1_000_000];
            Arrays.fill(huge, (byte) '{');

            // when / then
            assertThatThrownBy(() -> Rows.mistake(huge))
                    .isInstanceOfSatisfying(BadRecordException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
                    .hasMessage("value is 1000000 bytes, more than an input row may have (65536)");
        }

        @Test
        void everyKindOfRowHasTheLimit() {
            // given
            byte[] huge = new byte[65_537];
            Arrays.fill(huge, (byte) ' ');

            // when / then
            for (Function<byte[], ?> parser : List.<Function<byte[], ?>>of(
                    Rows::mistakeType, Rows::preset, Rows::studentSettings, Rows::feedback)) {
                assertThatThrownBy(() -> parser.apply(huge))
                        .hasMessage("value is 65537 bytes, more than an input row may have (65536)");
            }
        }
    }

    @Nested
    class MistakeTypes {

        @Test
        void aMistakeTypeRowIsRead() {
            // given
            byte[] row = bytes("{\"mistake_code\":\"CALCULATION_ERROR\",\"severity\":2}");

            // when
            MistakeType type = Rows.mistakeType(row);

            // then
            assertThat(type).isEqualTo(new MistakeType("CALCULATION_ERROR", 2));
        }

        @Test
        void aMistakeTypeWithoutSeverityIsRejected() {
            // given
            byte[] row = bytes("{\"mistake_code\":\"CALCULATION_ERROR\"}");

            // when / then
            assertThatThrownBy(() -> Rows.mistakeType(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("severity is missing");
        }

        @Test
        void aMistakeTypeWithoutCodeIsRejected() {
            // given
            byte[] row = bytes("{\"severity\":2}");

            // when / then
            assertThatThrownBy(() -> Rows.mistakeType(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("mistake_code is missing");
        }
    }

    @Nested
    class Presets {

        @Test
        void settingsGivenAsAJsonObjectAreRead() {
            // given
            byte[] row = bytes("{\"preset_name\":\"quick\",\"is_default\":true,"
                    + "\"settings\":{\"baseline_test_count\":3,\"improvement_target_ratio\":0.90}}");

            // when
            Preset preset = Rows.preset(row);

            // then
            assertThat(preset.presetName()).isEqualTo("quick");
            assertThat(preset.isDefault()).isTrue();
            assertThat(preset.settings().baselineTestCount()).isEqualTo(3);
            assertThat(preset.settings().improvementTargetRatio()).isEqualTo(new BigDecimal("0.90"));
        }

        @Test
        void settingsGivenAsAJsonStringAreReadAsDebeziumSendsJsonb() {
            // given
            byte[] row = bytes("{\"preset_name\":\"quick\",\"is_default\":false,"
                    + "\"settings\":\"{\\\"baseline_test_count\\\": 3, \\\"improvement_target_ratio\\\": 0.90}\"}");

            // when
            Preset preset = Rows.preset(row);

            // then
            assertThat(preset.isDefault()).isFalse();
            assertThat(preset.settings().baselineTestCount()).isEqualTo(3);
            assertThat(preset.settings().improvementTargetRatio()).isEqualTo(new BigDecimal("0.90"));
        }

        @Test
        void keysMissingFromThePresetTakeTheNormalValues() {
            // given
            byte[] row = bytes("{\"preset_name\":\"quick\",\"settings\":{\"baseline_test_count\":3}}");

            // when
            Preset preset = Rows.preset(row);

            // then
            assertThat(preset.settings()).isEqualTo(new PresetSettings(
                    new BigDecimal("0.3"), new BigDecimal("5"), new BigDecimal("180"), 3, 24, 5, 2, 3,
                    new BigDecimal("0.3"), new BigDecimal("1.5"), new BigDecimal("0.7"), 3, 3,
                    new BigDecimal("0.95"), true));
        }

        @Test
        void aPresetWithoutIsDefaultIsNotTheDefault() {
            // given
            byte[] row = bytes("{\"preset_name\":\"quick\",\"settings\":{}}");

            // when
            Preset preset = Rows.preset(row);

            // then
            assertThat(preset.isDefault()).isFalse();
        }

        @Test
        void aPresetWithoutSettingsHasTheNormalValues() {
            // given
            byte[] row = bytes("{\"preset_name\":\"empty\",\"is_default\":true,\"settings\":null}");

            // when
            Preset preset = Rows.preset(row);

            // then
            assertThat(preset.settings()).isEqualTo(PresetSettings.NORMAL);
        }

        @Test
        void settingsThatAreNoObjectAreRejected() {
            // given
            byte[] row = bytes("{\"preset_name\":\"odd\",\"settings\":[1,2]}");

            // when / then
            assertThatThrownBy(() -> Rows.preset(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("settings is not a JSON object");
        }

        @Test
        void settingsHoldingMalformedJsonTextAreRejected() {
            // given
            byte[] row = bytes("{\"preset_name\":\"odd\",\"settings\":\"{not json\"}");

            // when / then
            assertThatThrownBy(() -> Rows.preset(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessageStartingWith("malformed JSON: ");
        }

        @Test
        void aSettingThatIsNoNumberIsRejected() {
            // given
            byte[] row = bytes("{\"preset_name\":\"odd\",\"settings\":{\"trend_window_size\":\"five\"}}");

            // when / then
            assertThatThrownBy(() -> Rows.preset(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessageStartingWith("settings has a value that is not a number");
        }

        @Test
        void aPresetWithoutNameIsRejected() {
            // given
            byte[] row = bytes("{\"is_default\":true,\"settings\":{}}");

            // when / then
            assertThatThrownBy(() -> Rows.preset(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("preset_name is missing");
        }
    }

    @Nested
    class StudentSettingsRows {

        @Test
        void aSettingsRowNamesTheStudentsPreset() {
            // given
            byte[] row = bytes("{\"id\":\"5e000000-0000-4000-8000-000000000001\",\"student_id\":\"" + STUDENT + "\","
                    + "\"preset_name\":\"aggressive\",\"custom_settings\":null,\"set_by\":null,"
                    + "\"set_at\":\"2025-01-06T08:00:00\"}");

            // when
            StudentSettings settings = Rows.studentSettings(row);

            // then
            assertThat(settings).isEqualTo(new StudentSettings(STUDENT, "aggressive"));
        }

        @Test
        void aSettingsRowWithoutPresetIsAccepted() {
            // given
            byte[] row = bytes("{\"student_id\":\"" + STUDENT + "\",\"preset_name\":null}");

            // when
            StudentSettings settings = Rows.studentSettings(row);

            // then
            assertThat(settings).isEqualTo(new StudentSettings(STUDENT, null));
        }

        @Test
        void aSettingsRowWithAStudentThatIsNotAUuidIsRejected() {
            // given
            byte[] row = bytes("{\"student_id\":\"s-10\",\"preset_name\":\"soft\"}");

            // when / then
            assertThatThrownBy(() -> Rows.studentSettings(row))
                    .isInstanceOfSatisfying(BadRecordException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE))
                    .hasMessage("student_id is not a UUID (8-4-4-4-12 lower-case hex digits): \"s-10\"");
        }

        @Test
        void aSettingsRowNamingAnyPresetIsAccepted() {
            // given: whether the preset exists is the analyzer's question, not the row's
            byte[] row = bytes("{\"student_id\":\"" + STUDENT + "\",\"preset_name\":\"no-such-preset\"}");

            // when
            StudentSettings settings = Rows.studentSettings(row);

            // then
            assertThat(settings).isEqualTo(new StudentSettings(STUDENT, "no-such-preset"));
        }

        @Test
        void aSettingsRowWithoutStudentIsRejected() {
            // given
            byte[] row = bytes("{\"preset_name\":\"soft\"}");

            // when / then
            assertThatThrownBy(() -> Rows.studentSettings(row))
                    .isInstanceOf(BadRecordException.class)
                    .hasMessage("student_id is missing");
        }
    }

    @Nested
    class FeedbackRows {

        @Test
        void aFeedbackRowIsRead() {
            // given
            byte[] row = bytes("{\"id\":\"3f0a4b5c-0000-5000-8000-000000000001\",\"student_id\":\"" + STUDENT + "\","
                    + "\"is_shown\":true,\"shown_at\":1736157780000000,\"is_dismissed\":true,"
                    + "\"dismissed_at\":\"2025-01-06T10:05:00\"}");

            // when
            RecommendationFeedback feedback = Rows.feedback(row);

            // then
            assertThat(feedback).isEqualTo(new RecommendationFeedback("3f0a4b5c-0000-5000-8000-000000000001", STUDENT,
                    true, Instant.parse("2025-01-06T10:03:00Z"), true, Instant.parse("2025-01-06T10:05:00Z")));
        }

        @Test
        void aFeedbackRowWithAStudentThatIsNotAUuidIsRejected() {
            // given
            byte[] row = bytes("{\"id\":\"3f0a4b5c-0000-5000-8000-000000000001\",\"student_id\":\"s-10\","
                    + "\"is_dismissed\":true}");

            // when / then
            assertThatThrownBy(() -> Rows.feedback(row))
                    .isInstanceOfSatisfying(BadRecordException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_VALUE))
                    .hasMessage("student_id is not a UUID (8-4-4-4-12 lower-case hex digits): \"s-10\"");
        }
    }

    @Test
    void aMissingValueIsRejected() {
        // given
        byte[] tombstone = null;

        // when / then
        assertThatThrownBy(() -> Rows.mistake(tombstone))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("value is empty");
    }
}
