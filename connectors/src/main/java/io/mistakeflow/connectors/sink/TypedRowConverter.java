package io.mistakeflow.connectors.sink;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Reads the pipeline's output topics, plain JSON rows without a schema envelope, into the
 * schema'd Struct the Debezium JDBC sink needs. The topic format stays plain JSON for every other
 * consumer; the schema lives in the sink's config instead:
 *
 * <pre>value.converter.columns=id:uuid,student_id:uuid,priority:int,expires_at:timestamp,...</pre>
 *
 * <p>Types: uuid, text, int, bool, numeric, timestamp, jsonb (see {@link ColumnType}). Every field
 * is optional: a missing or null field is null. Fields not listed are ignored, so an added field
 * on the topic does nothing until it is listed here. Numbers are read as exact decimals, so the
 * text of a numeric value reaches Postgres unchanged. A null value (tombstone) stays null.
 *
 * <p>Sink side only: {@link #fromConnectData} is not supported.
 */
public class TypedRowConverter implements Converter {

    public static final String COLUMNS_CONFIG = "columns";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(COLUMNS_CONFIG, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
                    "The fields of a row as name:type, in column order; types: uuid, text, int, bool, numeric,"
                            + " timestamp, jsonb.");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // 122.8000000000000000 must stay that, not become 122.8
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Schema schema;
    private ColumnType[] types;

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AbstractConfig config = new AbstractConfig(CONFIG, configs);
        SchemaBuilder builder = SchemaBuilder.struct().optional();
        var columns = config.getList(COLUMNS_CONFIG);
        types = new ColumnType[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            String[] nameAndType = columns.get(i).split(":", 2);
            if (nameAndType.length != 2 || nameAndType[0].isBlank()) {
                throw new IllegalArgumentException("column '" + columns.get(i) + "' is not name:type");
            }
            types[i] = ColumnType.named(nameAndType[1]);
            builder.field(nameAndType[0].trim(), types[i].schema());
        }
        // one schema instance for every record, so the sink keeps batching instead of seeing schema changes
        schema = builder.build();
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        JsonNode row;
        try {
            row = MAPPER.readTree(value);
        } catch (IOException e) {
            throw new DataException("topic " + topic + ": malformed JSON: " + e.getMessage(), e);
        }
        if (row == null || !row.isObject()) {
            throw new DataException("topic " + topic + ": value is not a JSON object");
        }
        Struct struct = new Struct(schema);
        var fields = schema.fields();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).name();
            JsonNode node = row.get(name);
            if (node == null || node.isNull()) {
                continue;
            }
            try {
                struct.put(name, types[i].read(node));
            } catch (DataException e) {
                throw new DataException("topic " + topic + ", field " + name + ": " + e.getMessage(), e);
            }
        }
        return new SchemaAndValue(schema, struct);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        throw new DataException(getClass().getSimpleName() + " only reads (sink side); topic " + topic);
    }
}
