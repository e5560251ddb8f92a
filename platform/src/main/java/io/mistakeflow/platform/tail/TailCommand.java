package io.mistakeflow.platform.tail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mistakeflow.common.Topic;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.json.EventTime;
import io.mistakeflow.common.json.Json;
import io.mistakeflow.platform.BatchLogging;
import io.mistakeflow.platform.UsageException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./pipeline tail}: the records of one pipeline topic as readable JSON lines, for people
 * with no Kafka tools: where they are (partition, offset), when they were written, the key, the
 * value as JSON, and the headers (the dead-letter topic's reason and origin). Reads without a
 * consumer group (nothing is committed), committed records only.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the records of a pipeline topic as JSON lines.",
                "Topics by short name: events (ui-reflex-events), recommendations, patterns, baselines, analysed-mistakes,"
                        + " pattern-updates, dead-letter, mistakes, settings, mistake-types, presets, feedback;"
                        + " or a topic's full name."})
public final class TailCommand implements Callable<Integer> {

    private static final Map<String, Topic<String, ?>> SHORT_NAMES = shortNames();
    private static final Duration POLL = Duration.ofMillis(500);

    @Spec
    private CommandSpec spec;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = "events",
            description = "Which topic (default: ${DEFAULT-VALUE}).")
    private String topic;

    @Option(names = "--student", paramLabel = "ID", description = "Only this student's records.")
    private String student;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "Kafka (the demo prints it on its READY line; default: ${DEFAULT-VALUE}).")
    private String bootstrapServers;

    @Option(names = "--follow", description = "Keep printing new records until Ctrl-C (default: stop at the end).")
    private boolean follow;

    @Option(names = "--max", paramLabel = "N", defaultValue = "0",
            description = "Stop after N records (default: no limit).")
    private long max;

    @Override
    public Integer call() {
        BatchLogging.quiet();
        Topic<String, ?> target = resolve(topic);
        PrintWriter out = spec.commandLine().getOut();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(target.name(), Duration.ofSeconds(15)).stream()
                    .map(info -> new TopicPartition(target.name(), info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("no topic " + target.name() + " on " + bootstrapServers);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (max == 0 || printed < max) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (matches(record)) {
                        out.println(line(record));
                        if (++printed == max) {
                            break;
                        }
                    }
                }
                out.flush();
                if (!follow && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    break;
                }
            }
        }
        return 0;
    }

    private static Topic<String, ?> resolve(String name) {
        Topic<String, ?> found = SHORT_NAMES.get(name.toLowerCase(Locale.ROOT));
        if (found != null) {
            return found;
        }
        return Topics.ALL.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new UsageException("--topic: no pipeline topic '" + name + "'; one of "
                        + String.join(", ", SHORT_NAMES.keySet())));
    }

    /** A student's records: keyed by their id (first, for the student-topic keys), or naming them in the value. */
    private boolean matches(ConsumerRecord<byte[], byte[]> record) {
        if (student == null) {
            return true;
        }
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (key.equals(student) || key.startsWith(student + "|")) {
            return true;
        }
        JsonNode value = json(record.value());
        return value != null && value.isObject() && student.equals(value.path("student_id").asText(null));
    }

    private static String line(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", EventTime.format(Instant.ofEpochMilli(record.timestamp())));
        line.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
        JsonNode value = json(record.value());
        if (value != null) {
            line.set("value", value);
        } else {
            line.put("value", record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        }
        if (record.headers().toArray().length > 0) {
            ObjectNode headers = line.putObject("headers");
            for (Header header : record.headers()) {
                headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return line.toString();
    }

    /** The value as JSON, or null when it is none (a tombstone, or a dead letter that never was JSON). */
    private static JsonNode json(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The last part of each topic's name, plus the words people use for the two they read most. */
    private static Map<String, Topic<String, ?>> shortNames() {
        Map<String, Topic<String, ?>> names = new LinkedHashMap<>();
        names.put("events", Topics.UI_REFLEX_EVENTS);
        names.put("mistakes", Topics.MISTAKES);
        names.put("settings", Topics.STUDENT_SETTINGS);
        names.put("feedback", Topics.RECOMMENDATION_FEEDBACK);
        names.put("presets", Topics.PRESETS);
        for (Topic<String, ?> topic : Topics.ALL) {
            if (topic == Topics.DEBEZIUM_HEARTBEAT) {
                continue;
            }
            String name = topic.name();
            names.putIfAbsent(name.substring(name.lastIndexOf('.') + 1).replace('_', '-'), topic);
        }
        return names;
    }
}
