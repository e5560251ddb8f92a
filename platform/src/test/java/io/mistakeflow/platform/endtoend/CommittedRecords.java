package io.mistakeflow.platform.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mistakeflow.common.json.Json;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The committed records of a pipeline topic (read_committed: none from aborted transactions). */
final class CommittedRecords {

    private CommittedRecords() {
    }

    static KafkaConsumer<String, String> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }

    /** How often each record's {@code id} occurs on the topic, read until {@code expected} ids are seen. */
    static Map<String, Integer> idCounts(String bootstrapServers, String topic, int expected) {
        Map<String, Integer> times = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode value = Json.MAPPER.readTree(record.value());
                    times.merge(value.get("id").asText(), 1, Integer::sum);
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        assertThat(times).as("ids on %s", topic).hasSize(expected);
        return times;
    }

    /** Asserts every id of {@code expectedIds} is on the topic exactly once, and no other. */
    static void assertEachOnce(String bootstrapServers, String topic, Collection<String> expectedIds) {
        assertThat(idCounts(bootstrapServers, topic, expectedIds.size()))
                .allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1))
                .containsOnlyKeys(expectedIds);
    }
}
