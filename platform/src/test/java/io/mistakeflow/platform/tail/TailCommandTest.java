package io.mistakeflow.platform.tail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.TopicCreation;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.deadletter.DeadLetter;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.platform.Cli;
import io.mistakeflow.platform.embedded.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TailCommandTest {

    private static final String STUDENT = "00000000-0000-4000-8000-000000000042";
    private static final String OTHER = "00000000-0000-4000-8000-000000000043";

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(null);
        try (Admin admin = kafka.admin()) {
            TopicCreation.createAll(admin, 2, (short) 1);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTER.name(), null, STUDENT, utf8("not json"),
                    DeadLetter.headers("malformed JSON: Unrecognized token 'not'", Topics.MISTAKES.name(), 1, 7,
                            "mistakeflow-analyzer"))).get();
            for (String student : List.of(STUDENT, OTHER, STUDENT)) {
                producer.send(new ProducerRecord<>(Topics.UI_REFLEX_EVENTS.name(), student,
                        utf8("{\"id\":\"e\",\"student_id\":\"" + student + "\",\"event_type\":\"RECOMMENDATION_CREATED\"}"))).get();
            }
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void aDeadLetterComesWithItsReasonAndOrigin() throws Exception {
        // when
        List<JsonNode> lines = tail("--topic", "dead-letter", "--bootstrap-servers", kafka.bootstrapServers());

        // then
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.get("topic").asText()).isEqualTo(Topics.DEAD_LETTER.name());
        assertThat(line.get("key").asText()).isEqualTo(STUDENT);
        assertThat(line.get("value").asText()).isEqualTo("not json");
        assertThat(line.get("headers").get(DeadLetter.REASON).asText()).isEqualTo("malformed JSON: Unrecognized token 'not'");
        assertThat(line.get("headers").get(DeadLetter.SOURCE_TOPIC).asText()).isEqualTo(Topics.MISTAKES.name());
        assertThat(line.get("headers").get(DeadLetter.SOURCE_OFFSET).asText()).isEqualTo("7");
    }

    @Test
    void oneStudentsEventsAsJson() throws Exception {
        // when
        List<JsonNode> lines = tail("--topic=events", "--student", STUDENT, "--bootstrap-servers", kafka.bootstrapServers());

        // then
        assertThat(lines).hasSize(2).allSatisfy(line -> {
            assertThat(line.get("value").get("student_id").asText()).isEqualTo(STUDENT);
            assertThat(line.get("value").get("event_type").asText()).isEqualTo("RECOMMENDATION_CREATED");
        });
    }

    @Test
    void maxStopsEarly() throws Exception {
        assertThat(tail("--topic", "mistakeflow.ui-reflex-events", "--max", "1", "--bootstrap-servers",
                kafka.bootstrapServers())).hasSize(1);
    }

    @Test
    void anUnknownTopicIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.commandLine(new String[0]);
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute("tail", "--topic", "frobs", "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("pipeline tail: --topic: no pipeline topic 'frobs'; one of events, mistakes");
    }

    private static List<JsonNode> tail(String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Cli.commandLine(args);
        cli.setOut(new PrintWriter(out, true));
        String[] command = new String[args.length + 1];
        command[0] = "tail";
        System.arraycopy(args, 0, command, 1, args.length);
        assertThat(cli.execute(command)).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        return lines;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
