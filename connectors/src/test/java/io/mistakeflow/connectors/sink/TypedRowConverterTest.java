package io.mistakeflow.connectors.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class TypedRowConverterTest {

    private static final String TOPIC = "mistakeflow.baselines";

    private final TypedRowConverter converter = converter(
            "id:uuid,global_topic_uid:text,baseline_sample_count:int,baseline_avg_duration:numeric,"
                    + "used_adaptive_baseline:bool,updated_at:timestamp,mistake_distribution:jsonb");

    @Test
    void numericKeepsEveryDigitAndItsScale() {
        Struct row = read("{\"baseline_avg_duration\": 98.6666666666666667}");
        assertThat(decimal(row.getStruct("baseline_avg_duration"))).isEqualTo(new BigDecimal("98.6666666666666667"));

        Struct trailingZeros = read("{\"baseline_avg_duration\": 122.8000000000000000}");
        assertThat(decimal(trailingZeros.getStruct("baseline_avg_duration")).toPlainString())
                .isEqualTo("122.8000000000000000");
    }

    @Test
    void timestampTextBecomesEpochMicrosInUtc() {
        assertThat(read("{\"updated_at\": \"2025-01-06T10:32:15\"}").getInt64("updated_at"))
                .isEqualTo(1_736_159_535_000_000L);
        assertThat(read("{\"updated_at\": \"2025-01-06T10:32:15.123456\"}").getInt64("updated_at"))
                .isEqualTo(1_736_159_535_123_456L);
        assertThat(read("{\"updated_at\": \"2025-01-06T12:32:15+02:00\"}").getInt64("updated_at"))
                .isEqualTo(1_736_159_535_000_000L);
        assertThat(read("{\"updated_at\": 1736159535000000}").getInt64("updated_at"))
                .isEqualTo(1_736_159_535_000_000L);
    }

    @Test
    void nestedJsonBecomesItsText() {
        Struct row = read("{\"mistake_distribution\": {\"SIGN_ERROR\": 2, \"CALCULATION_ERROR\": 2}}");
        assertThat(row.getString("mistake_distribution")).isEqualTo("{\"SIGN_ERROR\":2,\"CALCULATION_ERROR\":2}");
    }

    @Test
    void missingAndNullFieldsAreNullAndUnlistedFieldsAreIgnored() {
        Struct row = read("{\"id\": \"6D000000-0000-4000-8000-000000000001\", \"global_topic_uid\": null,"
                + " \"baseline_sample_count\": 3, \"used_adaptive_baseline\": true, \"not_a_column\": 1}");
        assertThat(row.getString("id")).isEqualTo("6d000000-0000-4000-8000-000000000001");
        assertThat(row.getString("global_topic_uid")).isNull();
        assertThat(row.getInt32("baseline_sample_count")).isEqualTo(3);
        assertThat(row.getBoolean("used_adaptive_baseline")).isTrue();
        assertThat(row.get("updated_at")).isNull();
        assertThat(row.schema().field("not_a_column")).isNull();
    }

    @Test
    void tombstoneStaysNull() {
        assertThat(converter.toConnectData(TOPIC, null)).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void badValuesAreDataExceptionsNamingTopicAndField() {
        assertThatThrownBy(() -> read("{\"id\": \"not-a-uuid\"}"))
                .isInstanceOf(DataException.class).hasMessageContaining(TOPIC).hasMessageContaining("field id");
        assertThatThrownBy(() -> read("{\"baseline_sample_count\": 2.5}")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> read("{\"updated_at\": \"yesterday\"}")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> read("[1, 2]")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> read("{not json")).isInstanceOf(DataException.class);
    }

    @Test
    void everyRecordSharesOneSchema() {
        assertThat(read("{}").schema()).isSameAs(read("{\"baseline_sample_count\": 1}").schema());
    }

    private Struct read(String json) {
        return (Struct) converter.toConnectData(TOPIC, json.getBytes(StandardCharsets.UTF_8)).value();
    }

    private static BigDecimal decimal(Struct variableScale) {
        return new BigDecimal(new BigInteger(variableScale.getBytes("value")), variableScale.getInt32("scale"));
    }

    private static TypedRowConverter converter(String columns) {
        TypedRowConverter converter = new TypedRowConverter();
        converter.configure(Map.of(TypedRowConverter.COLUMNS_CONFIG, columns), false);
        return converter;
    }
}
