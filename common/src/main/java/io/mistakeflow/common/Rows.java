package io.mistakeflow.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.BadRecordException.Kind;
import io.mistakeflow.common.json.EventTime;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.common.recommendation.Recommendation;
import io.mistakeflow.common.recommendation.RecommendationFeedback;
import io.mistakeflow.common.reference.MistakeType;
import io.mistakeflow.common.reference.Preset;
import io.mistakeflow.common.reference.PresetSettings;
import io.mistakeflow.common.reference.StudentSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Reads the input rows: flat JSON with Postgres column names, as Debezium's
 * {@code ExtractNewRecordState} writes them and as a learning app producing straight to Kafka
 * sends them. Unknown fields are ignored; a row that breaks the contract throws
 * {@link BadRecordException} with the reason.
 *
 * <p>The rule as documented: {@code docs/behaviour.md#bad-input}.
 */
public final class Rows {

    /**
     * The largest input value read: 64 KiB. A real row is far smaller (a preset, the largest,
     * is about 600 bytes), so a value above this is no row; it is rejected before it is parsed.
     */
    public static final int MAX_ROW_BYTES = 64 * 1024;

    /**
     * The longest {@code time_spent_seconds} accepted: a day. No one answers one question for
     * longer; such a value is a broken client clock or milliseconds sent as seconds, and as a
     * duration it would move the student's baseline for good.
     */
    public static final int MAX_TIME_SPENT_SECONDS = 86_400;

    /**
     * How much later than its record's timestamp (the commit time) {@code occurred_at} may be: a
     * day. A mistake happens before its row is committed; a day leaves room for skewed client
     * clocks and for a local time sent as UTC (at most 14 h ahead), and still catches a wrong year
     * or nanoseconds sent as microseconds. Measured from the record, never from the wall clock,
     * so a replay decides the same.
     */
    public static final Duration MAX_OCCURRED_AFTER_COMMIT = Duration.ofDays(1);

    /** How much of a bad value a reason quotes: a reason is a header and a log line. */
    private static final int QUOTED_CHARS = 80;

    private static final TypeReference<List<Map<String, Object>>> ACTION_ITEMS = new TypeReference<>() {
    };

    private Rows() {
    }

    /** The row checked on its own; {@link #mistake(byte[], Instant)} also checks it against its commit time. */
    public static Mistake mistake(byte[] value) {
        JsonNode row = tree(value);
        String id = requiredUuid(row, "id");
        String studentId = requiredUuid(row, "student_id");
        String topic = optionalText(row, "global_topic_uid");
        String code = requiredText(row, "mistake_code");
        String testAnswerId = optionalText(row, "test_answer_id");
        Integer time = optionalInt(row, "time_spent_seconds");
        if (time != null && time < 0) {
            throw new BadRecordException(Kind.INVALID_VALUE, "time_spent_seconds is negative: " + time);
        }
        if (time != null && time > MAX_TIME_SPENT_SECONDS) {
            throw new BadRecordException(Kind.INVALID_VALUE,
                    "time_spent_seconds is more than a day (" + MAX_TIME_SPENT_SECONDS + "): " + time);
        }
        return new Mistake(id, studentId, topic, code, testAnswerId, time, requiredTime(row, "occurred_at"),
                optionalText(row, "analysed_by"));
    }

    /** A mistake row committed at {@code committedAt} (its record's timestamp). */
    public static Mistake mistake(byte[] value, Instant committedAt) {
        Mistake mistake = mistake(value);
        if (mistake.occurredAt().isAfter(committedAt.plus(MAX_OCCURRED_AFTER_COMMIT))) {
            throw new BadRecordException(Kind.INVALID_VALUE, "occurred_at is more than a day after the record's"
                    + " timestamp " + EventTime.format(committedAt) + ": " + EventTime.format(mistake.occurredAt()));
        }
        return mistake;
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
            settings = tree(settings.textValue().getBytes(StandardCharsets.UTF_8));
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
        return new StudentSettings(requiredUuid(row, "student_id"), optionalText(row, "preset_name"));
    }

    public static RecommendationFeedback feedback(byte[] value) {
        JsonNode row = tree(value);
        return new RecommendationFeedback(
                requiredText(row, "id"),
                requiredUuid(row, "student_id"),
                optionalBool(row, "is_shown"),
                optionalTime(row, "shown_at"),
                optionalBool(row, "is_dismissed"),
                optionalTime(row, "dismissed_at"));
    }

    /**
     * A student_recommendations row the trigger-era triggers wrote last ({@code written_by} =
     * {@code triggers}, see {@code db/cutover/install.sql}), or null for any other row (the
     * pipeline's own, or a deployment without a cut-over): read only when it is to be adopted.
     */
    public static Recommendation triggerRecommendation(byte[] value) {
        JsonNode row = tree(value);
        if (!Mistake.BY_TRIGGERS.equals(optionalText(row, "written_by"))) {
            return null;
        }
        Boolean active = optionalBool(row, "is_active");
        Integer priority = optionalInt(row, "priority");
        return new Recommendation(
                requiredUuid(row, "id"),
                requiredUuid(row, "student_id"),
                optionalText(row, "global_topic_uid"),
                requiredText(row, "recommendation_type"),
                optionalText(row, "title"),
                optionalText(row, "message"),
                actionItems(row),
                priority == null ? 0 : priority,
                active == null || active,
                Boolean.TRUE.equals(optionalBool(row, "is_shown")),
                Boolean.TRUE.equals(optionalBool(row, "is_dismissed")),
                optionalText(row, "source_mistake_id"),
                requiredTime(row, "created_at"),
                requiredTime(row, "updated_at"),
                optionalTime(row, "expires_at"));
    }

    /** A jsonb array of objects, as JSON or as the text Debezium sends for jsonb. */
    private static List<Map<String, Object>> actionItems(JsonNode row) {
        JsonNode items = present(row, "action_items");
        if (items == null) {
            return List.of();
        }
        try {
            if (items.isTextual()) {
                items = Json.MAPPER.readTree(items.textValue());
            }
            if (items == null || !items.isArray()) {
                throw new BadRecordException(Kind.INVALID_VALUE, "action_items is not a JSON array");
            }
            return Json.MAPPER.convertValue(items, ACTION_ITEMS);
        } catch (JsonProcessingException e) {
            throw new BadRecordException(Kind.INVALID_VALUE, "action_items is not JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(Kind.INVALID_VALUE, "action_items is not an array of objects");
        }
    }

    private static JsonNode tree(byte[] value) {
        if (value == null) {
            throw new BadRecordException(Kind.NOT_AN_OBJECT, "value is empty");
        }
        if (value.length > MAX_ROW_BYTES) {
            throw new BadRecordException(Kind.TOO_LARGE,
                    "value is " + value.length + " bytes, more than an input row may have (" + MAX_ROW_BYTES + ")");
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

    /**
     * A uuid column, in the form Postgres prints and Debezium sends: 8-4-4-4-12 lower-case hex
     * digits. Only that form, because the text is the key of the state, the partitioning and the
     * name-based ids: two spellings of one uuid would be two students here and one in Postgres.
     */
    private static String requiredUuid(JsonNode row, String field) {
        String text = requiredText(row, field);
        if (!isCanonicalUuid(text)) {
            throw new BadRecordException(Kind.INVALID_VALUE, field + " is not a UUID (8-4-4-4-12 lower-case hex digits): "
                    + quoted(row.get(field)));
        }
        return text;
    }

    private static boolean isCanonicalUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean valid = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
            if (!valid) {
                return false;
            }
        }
        return true;
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
            throw new BadRecordException(Kind.INVALID_VALUE, field + " is not a whole number: " + quoted(value));
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
            throw new BadRecordException(Kind.INVALID_VALUE,
                    field + " is not an ISO-8601 timestamp or epoch microseconds: " + quoted(value));
        }
    }

    /** The value as JSON, cut after {@value #QUOTED_CHARS} characters. */
    private static String quoted(JsonNode value) {
        String json = value.toString();
        return json.length() <= QUOTED_CHARS ? json : json.substring(0, QUOTED_CHARS) + "...";
    }
}
