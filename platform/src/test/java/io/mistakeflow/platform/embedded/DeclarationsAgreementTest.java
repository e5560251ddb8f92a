package io.mistakeflow.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.mistakeflow.common.Rows;
import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.common.json.JsonSerde;
import io.mistakeflow.common.reference.Preset;
import io.mistakeflow.connectors.ConnectorDefinition;
import io.mistakeflow.connectors.SchemaMigrations;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Facts the repository has to state more than once, kept in agreement. An output row is declared
 * three times: as a record (what the apps write on the topic), as a table (the migrations) and as
 * the sink's column list (how the sink types each field): the same columns, in the same order,
 * with types that match. The seeded presets: in the migration and in the code.
 */
class DeclarationsAgreementTest {

    /** The converter's column types and the Postgres types they must land in. */
    private static final Map<String, String> POSTGRES_TYPE = Map.of(
            "uuid", "uuid", "text", "character varying", "int", "integer", "bool", "boolean",
            "numeric", "numeric", "timestamp", "timestamp without time zone", "jsonb", "jsonb");

    /** Table columns no record carries: filled by the database itself. */
    private static final Map<String, Set<String>> DATABASE_OWNED = Map.of(
            "ui_reflex_events", Set.of("received_at"),
            "student_recommendations", Set.of("shown_at", "dismissed_at"));

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void migrate() {
        postgres = EmbeddedPostgres.start(null);
        SchemaMigrations.apply(postgres.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    static List<String> sinks() {
        return ConnectorDefinition.SINKS;
    }

    @ParameterizedTest
    @MethodSource("sinks")
    void theRecordTheSinkColumnsAndTheTableAgree(String file) throws SQLException {
        // given
        ConnectorDefinition sink = ConnectorDefinition.load(file);
        Topic<String, ?> topic = Topics.OUTPUTS.stream()
                .filter(t -> t.name().equals(sink.config().get("topics"))).findFirst().orElseThrow();
        Map<String, String> sinkColumns = columns(sink.config().get("value.converter.columns"));
        Map<String, String> renames = columns(sink.config().getOrDefault("transforms.toColumns.renames", ""));
        String table = sink.config().get("collection.name.format");

        // when
        List<String> recordFields = recordFields(((JsonSerde<?>) topic.valueSerde()).type());
        Map<String, String> tableColumns = tableColumns(table);

        // then
        assertThat(List.copyOf(sinkColumns.keySet())).as("%s: record fields vs sink columns", file)
                .isEqualTo(recordFields);
        Map<String, String> expected = new LinkedHashMap<>();
        sinkColumns.forEach((field, type) -> expected.put(renames.getOrDefault(field, field), POSTGRES_TYPE.get(type)));
        DATABASE_OWNED.getOrDefault(table, Set.of()).forEach(column -> expected.put(column, tableColumns.get(column)));
        assertThat(tableColumns).as("%s: table %s vs sink columns", file, table).containsExactlyInAnyOrderEntriesOf(expected);
    }

    /** The seeded presets are declared twice too: in the first migration and as {@link Preset#SEEDED}. */
    @Test
    void theMigrationSeedsExactlyThePresetsTheCodeKnows() throws SQLException {
        // when
        List<Preset> seeded = new ArrayList<>();
        try (Connection connection = postgres.connect();
             PreparedStatement query = connection.prepareStatement("SELECT json_build_object('preset_name', preset_name,"
                     + " 'settings', settings, 'is_default', is_default)::text FROM analysis_presets ORDER BY preset_name");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                seeded.add(Rows.preset(rows.getString(1).getBytes(StandardCharsets.UTF_8)));
            }
        }

        // then
        assertThat(seeded).containsExactlyElementsOf(Preset.SEEDED);
    }

    private static Map<String, String> columns(String list) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String entry : list.isBlank() ? new String[0] : list.split(",")) {
            String[] parts = entry.split(":");
            columns.put(parts[0].trim(), parts[1].trim());
        }
        return columns;
    }

    /** The JSON names of the record's fields, in declaration order, as the pipeline's mapper writes them. */
    private static List<String> recordFields(Class<?> type) {
        BeanDescription description = Json.MAPPER.getSerializationConfig().introspect(Json.MAPPER.constructType(type));
        Map<String, String> byComponent = description.findProperties().stream()
                .collect(Collectors.toMap(p -> p.getInternalName(), BeanPropertyDefinition::getName));
        List<String> fields = new ArrayList<>();
        Arrays.stream(type.getRecordComponents()).forEach(component -> fields.add(byComponent.get(component.getName())));
        return fields;
    }

    private static Map<String, String> tableColumns(String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (Connection connection = postgres.connect();
             PreparedStatement query = connection.prepareStatement("SELECT column_name, data_type FROM"
                     + " information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    // varchar(n) and text are the same kind of value to the sink and the rules
                    String type = rows.getString(2);
                    columns.put(rows.getString(1), type.equals("text") ? "character varying" : type);
                }
            }
        }
        return columns;
    }
}
