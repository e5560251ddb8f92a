package io.mistakeflow.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.BadRecordException.Kind;
import io.mistakeflow.common.json.EventTime;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.recommendation.RecommendationFeedback;
import io.mistakeflow.common.reference.MistakeType;
import io.mistakeflow.common.reference.Preset;
import io.mistakeflow.common.reference.PresetSettings;
import io.mistakeflow.common.reference.StudentSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the input rows: flat JSON with Postgres column names, as Debezium's
 * {@code ExtractNewRecordState} writes them and as a learning app producing straight to Kafka
 * sends them. Unknown fields are ignored; a row that breaks the contract throws
 * {@link BadRecordException} with the reason.
 *
 * <p>The rule as documented: {@code docs/behaviour.md#bad-input}.
 */
public final class Rows {

    private Rows() {
    }

    public static Mistake mistake(byte[] value) {
        JsonNode row = tree(value);
        Integer time = optionalInt(row, "time_spent_seconds");
        if (time != null && time < 0) {
            throw new BadRecordException(Kind.INVALID_VALUE, "time_spent_seconds is negative: " + time);
        }
        return new Mistake(
                requiredText(row, "id"),
                requiredText(row, "student_id"),
                optionalText(row, "global_topic_uid"),
                requiredText(row, "mistake_code"),
                optionalText(row, "test_answer_id"),
                time,
                requiredTime(row, "occurred_at"));
    }

    public static MistakeType mistakeType(byte[] value) {
        JsonNode row = tree(value);
        Integer severity = optionalInt(row, "severity");
        if (severity == null) {
            throw new BadRecordException(Kind.MISSING_FIELD, "severity is missing");
        }
        return new MistakeType(requiredText(row, "mistake_code"), severity);
    }

    /** {@code settings} is a JSON object, or a string holding one (how Debezium sends jsonb). */
    public static Preset preset(byte[] value) {
        JsonNode row = tree(value);
        JsonNode settings = row.get("settings");
        if (settings != null && settings.isTextual()) {
            settings = tree(settings.textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (settings != null && !settings.isNull() && !settings.isObject()) {
            throw new BadRecordException(Kind.INVALID_VALUE, "settings is not a JSON object");
        }
        JsonNode isDefault = row.get("is_default");
        PresetSettings parsed;
        try {
            parsed = PresetSettings.fromJson(settings);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadRecordException(Kind.INVALID_VALUE, "settings has a value that is not a number: " + e.getMessage());
        }
        return new Preset(requiredText(row, "preset_name"), isDefault != null && isDefault.asBoolean(false), parsed);
    }

    public static StudentSettings studentSettings(byte[] value) {
        JsonNode row = tree(value);
        return new StudentSettings(requiredText(row, "student_id"), optionalText(row, "preset_name"));
    }

    public static RecommendationFeedback feedback(byte[] value) {
        JsonNode row = tree(value);
        return new RecommendationFeedback(
                requiredText(row, "id"),
                requiredText(row, "student_id"),
                optionalBool(row, "is_shown"),
                optionalTime(row, "shown_at"),
                optionalBool(row, "is_dismissed"),
                optionalTime(row, "dismissed_at"));
    }

    private static JsonNode tree(byte[] value) {
        if (value == null) {
            throw new BadRecordException(Kind.NOT_AN_OBJECT, "value is empty");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(value);
            if (node == null || !node.isObject()) {
                throw new BadRecordException(Kind.NOT_AN_OBJECT, "value is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRecordException(Kind.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRecordException(Kind.MALFORMED_JSON, "unreadable value: " + e.getMessage());
        }
    }

    private static JsonNode present(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static String requiredText(JsonNode row, String field) {
        String text = optionalText(row, field);
        if (text == null || text.isBlank()) {
            throw new BadRecordException(Kind.MISSING_FIELD, field + " is missing");
        }
        return text;
    }

    private static String optionalText(JsonNode row, String field) {
        JsonNode value = present(row, field);
        if (value == null) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new BadRecordException(Kind.INVALID_VALUE, field + " is not a scalar");
        }
        return value.asText();
    }

    private static Integer optionalInt(JsonNode row, String field) {
        JsonNode value = present(row, field);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.asText()).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadRecordException(Kind.INVALID_VALUE, field + " is not a whole number: " + value);
        }
    }

    private static Boolean optionalBool(JsonNode row, String field) {
        JsonNode value = present(row, field);
        return value == null ? null : value.asBoolean();
    }

    private static Instant requiredTime(JsonNode row, String field) {
        Instant time = optionalTime(row, field);
        if (time == null) {
            throw new BadRecordException(Kind.MISSING_FIELD, field + " is missing");
        }
        return time;
    }

    /** ISO-8601 text (no offset means UTC) or epoch microseconds (Debezium's MicroTimestamp). */
    private static Instant optionalTime(JsonNode row, String field) {
        JsonNode value = present(row, field);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return EventTime.ofEpochMicros(value.longValue());
        }
        try {
            return EventTime.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new BadRecordException(Kind.INVALID_VALUE, field + " is not an ISO-8601 timestamp or epoch microseconds: " + value);
        }
    }
}
