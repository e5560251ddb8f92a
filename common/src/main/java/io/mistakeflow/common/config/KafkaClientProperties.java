package io.mistakeflow.common.config;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The property names Kafka's own clients accept, as Kafka declares them: Kafka Streams', the
 * producer's, the consumer's and the admin client's, and Streams' prefixed forms that aim a
 * property at one of its clients ({@code producer.linger.ms}, {@code main.consumer.max.poll.records}).
 */
final class KafkaClientProperties {

    private static final List<String> CLIENT_PREFIXES = List.of(StreamsConfig.PRODUCER_PREFIX,
            StreamsConfig.CONSUMER_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX);

    private static final Set<String> NAMES = names(StreamsConfig.configDef().names(), ProducerConfig.configNames(),
            ConsumerConfig.configNames(), AdminClientConfig.configNames());

    private KafkaClientProperties() {
    }

    static Set<String> names() {
        return NAMES;
    }

    static boolean isKnown(String property) {
        if (NAMES.contains(property)) {
            return true;
        }
        for (String prefix : CLIENT_PREFIXES) {
            if (property.startsWith(prefix) && NAMES.contains(property.substring(prefix.length()))) {
                return true;
            }
        }
        // the topic configs of Streams' internal topics (topic.segment.bytes) are open-ended
        return property.startsWith(StreamsConfig.TOPIC_PREFIX);
    }

    @SafeVarargs
    private static Set<String> names(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }
}
