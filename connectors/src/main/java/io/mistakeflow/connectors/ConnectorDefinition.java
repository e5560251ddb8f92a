package io.mistakeflow.connectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One connector file of {@code connectors/} on the classpath, in the body format of Connect's
 * {@code POST /connectors}: {@code {"name": ..., "config": {...}}}. Hosts and credentials are
 * {@code ${env:NAME}} placeholders left for the worker's {@code env} config provider, so the same
 * files serve the embedded stack and a deployed Connect cluster.
 */
public record ConnectorDefinition(String name, Map<String, String> config) {

    /** The Debezium Postgres source: captured tables to {@code mistakeflow.public.*}. */
    public static final String SOURCE = "connectors/mistakeflow-source.json";

    /** The JDBC sinks, one per output topic and table. */
    public static final List<String> SINKS = List.of(
            "connectors/mistakeflow-sink-baselines.json",
            "connectors/mistakeflow-sink-patterns.json",
            "connectors/mistakeflow-sink-analysed-mistakes.json",
            "connectors/mistakeflow-sink-recommendations.json",
            "connectors/mistakeflow-sink-ui-reflex-events.json");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static List<ConnectorDefinition> all() {
        return Stream.concat(Stream.of(SOURCE), SINKS.stream())
                .map(ConnectorDefinition::load)
                .toList();
    }

    public static ConnectorDefinition load(String resource) {
        try (InputStream in = ConnectorDefinition.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no connector file on the classpath: " + resource);
            }
            ConnectorDefinition definition = MAPPER.readValue(in, new TypeReference<ConnectorDefinition>() { });
            if (definition.name() == null || definition.config() == null) {
                throw new IllegalArgumentException(resource + " needs both \"name\" and \"config\"");
            }
            return definition;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connector file " + resource, e);
        }
    }
}
