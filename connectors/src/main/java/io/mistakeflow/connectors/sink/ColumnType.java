package io.mistakeflow.connectors.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * A Postgres column type the sink writes, with the Connect schema the Debezium JDBC sink (3.4)
 * binds to that type. The sink picks its binding by schema name, so the names below are
 * Debezium's own semantic types; they are written out here rather than taken from debezium-core
 * so that this converter can sit next to any sink plugin without a shared class loader.
 *
 * <p>Values are checked here, not left to Postgres: a bad value in a batch fails the whole sink
 * task, while a {@link DataException} from a converter goes to the dead-letter topic.
 */
enum ColumnType {

    /** {@code uuid}: the sink binds {@code cast(? as uuid)}. */
    UUID(SchemaBuilder.string().name("io.debezium.data.Uuid").version(1).optional().build()) {
        @Override
        Object read(JsonNode node) {
            String text = text(node);
            try {
                return java.util.UUID.fromString(text).toString();
            } catch (IllegalArgumentException e) {
                throw new DataException("not a UUID: " + text);
            }
        }
    },

    /** {@code varchar} / {@code text}. */
    TEXT(Schema.OPTIONAL_STRING_SCHEMA) {
        @Override
        Object read(JsonNode node) {
            return text(node);
        }
    },

    /** {@code int}. */
    INT(Schema.OPTIONAL_INT32_SCHEMA) {
        @Override
        Object read(JsonNode node) {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw new DataException("not a 32-bit integer: " + node);
            }
            return node.intValue();
        }
    },

    /** {@code boolean}. */
    BOOL(Schema.OPTIONAL_BOOLEAN_SCHEMA) {
        @Override
        Object read(JsonNode node) {
            if (!node.isBoolean()) {
                throw new DataException("not a boolean: " + node);
            }
            return node.booleanValue();
        }
    },

    /**
     * Unconstrained {@code numeric}. Debezium's VariableScaleDecimal (scale + unscaled bytes)
     * carries each value's own scale, so {@code 98.6666666666666667} and {@code 122.8000000000000000}
     * reach the column digit for digit; Connect's {@code Decimal} fixes one scale per schema.
     */
    NUMERIC(SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").version(1).optional()
            .field("scale", Schema.INT32_SCHEMA)
            .field("value", Schema.BYTES_SCHEMA)
            .build()) {
        @Override
        Object read(JsonNode node) {
            BigDecimal decimal;
            if (node.isNumber()) {
                decimal = node.decimalValue();
            } else if (node.isTextual()) {
                try {
                    decimal = new BigDecimal(node.textValue());
                } catch (NumberFormatException e) {
                    throw new DataException("not a number: " + node);
                }
            } else {
                throw new DataException("not a number: " + node);
            }
            return new Struct(schema())
                    .put("scale", decimal.scale())
                    .put("value", decimal.unscaledValue().toByteArray());
        }
    },

    /**
     * {@code timestamp} (without time zone, UTC): Debezium's MicroTimestamp, epoch microseconds,
     * which the sink binds as a LocalDateTime. Accepts ISO-8601 text with or without an offset
     * (none means UTC; a space instead of the {@code T} too) or epoch microseconds.
     */
    TIMESTAMP(SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1).optional().build()) {
        @Override
        Object read(JsonNode node) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.longValue();
            }
            String text = text(node).trim().replace(' ', 'T');
            Instant instant;
            try {
                instant = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException withoutOffset) {
                try {
                    instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw new DataException("not an ISO-8601 timestamp: " + text);
                }
            }
            return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
        }
    },

    /**
     * {@code jsonb}: the JSON text of the nested value. The parameter tells the sink's Postgres
     * dialect to cast to jsonb rather than json.
     */
    JSONB(SchemaBuilder.string().name("io.debezium.data.Json").version(1).optional()
            .parameter("__debezium.source.column.type", "JSONB")
            .build()) {
        @Override
        Object read(JsonNode node) {
            return node.toString();
        }
    };

    private final Schema schema;

    ColumnType(Schema schema) {
        this.schema = schema;
    }

    Schema schema() {
        return schema;
    }

    /** The Connect value of a non-null JSON node. */
    abstract Object read(JsonNode node);

    static ColumnType named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown column type '" + name + "'; known: uuid, text, int, bool,"
                    + " numeric, timestamp, jsonb");
        }
    }

    private static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw new DataException("not a string: " + node);
        }
        return node.textValue();
    }
}
