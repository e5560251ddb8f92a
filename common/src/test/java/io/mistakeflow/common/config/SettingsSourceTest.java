package io.mistakeflow.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsSourceTest {

    private static final List<String> KNOWN = List.of("bootstrap.servers", "recommender.language", "ops.port");

    private static SettingsSource source(Map<String, String> file, Map<String, String> env) {
        Properties properties = new Properties();
        properties.putAll(file);
        return new SettingsSource(properties, env);
    }

    @Test
    void theEnvironmentWinsOverTheFile() {
        SettingsSource source = source(Map.of("recommender.language", "tr"), Map.of("PIPELINE_RECOMMENDER_LANGUAGE", "en"));
        assertThat(source.get("recommender.language", null)).isEqualTo("en");
    }

    @Test
    void kafkaClientPropertiesComeFromTheFileAndTheEnvironment() {
        SettingsSource source = source(Map.of("kafka.security.protocol", "SASL_SSL", "kafka.producer.linger.ms", "5"),
                Map.of("PIPELINE_KAFKA_SASL_MECHANISM", "PLAIN", "PIPELINE_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));
        assertThat(source.kafkaProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "producer.linger.ms", "5"));
    }

    @Test
    void aSecretComesFromTheFileNamedByTheKeyWithFile(@TempDir Path dir) throws IOException {
        Path jaas = dir.resolve("jaas");
        Files.writeString(jaas, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";\n");
        SettingsSource source = source(Map.of(), Map.of("PIPELINE_KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString()));
        assertThat(source.kafkaProperties()).containsExactly(Map.entry("sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";"));
    }

    @Test
    void anUnreadableSecretFileIsAClearError() {
        SettingsSource source = source(Map.of("recommender.language.file", "/no/such/file"), Map.of());
        assertThatThrownBy(() -> source.get("recommender.language", "tr"))
                .hasMessageStartingWith("setting recommender.language: cannot read /no/such/file");
    }

    @Test
    void aMisspeltFileKeyNamesTheClosestValidKey() {
        SettingsSource source = source(Map.of("bootstrap.server", "kafka:9092"), Map.of());
        assertThatThrownBy(() -> source.requireKnown(KNOWN))
                .hasMessage("unknown setting 'bootstrap.server' (did you mean 'bootstrap.servers'?)");
    }

    @Test
    void aMisspeltEnvironmentVariableNamesTheClosestValidOne() {
        SettingsSource source = source(Map.of(), Map.of("PIPELINE_RECOMENDER_LANGUAGE", "en"));
        assertThatThrownBy(() -> source.requireKnown(KNOWN))
                .hasMessage("unknown environment variable PIPELINE_RECOMENDER_LANGUAGE"
                        + " (did you mean 'PIPELINE_RECOMMENDER_LANGUAGE'?)");
    }

    @Test
    void aMisspeltKafkaPropertyNamesTheClosestKafkaProperty() {
        SettingsSource source = source(Map.of("kafka.security.protocl", "SSL"), Map.of());
        assertThatThrownBy(() -> source.requireKnown(KNOWN))
                .hasMessage("unknown setting 'kafka.security.protocl': 'security.protocl' is not a Kafka client property"
                        + " (did you mean 'security.protocol'?)");
    }

    @Test
    void knownKeysKafkaPropertiesAndOtherProgramsVariablesPass() {
        SettingsSource source = source(Map.of("ops.port", "0", "kafka.main.consumer.max.poll.records", "500"),
                Map.of("PIPELINE_BOOTSTRAP_SERVERS", "kafka:9092", "PIPELINE_KAFKA_SSL_TRUSTSTORE_LOCATION", "/t.jks",
                        "PATH", "/usr/bin", "PIPELINE_JAVA_OPTS", "-Xmx1g"));
        source.requireKnown(KNOWN);
    }
}
