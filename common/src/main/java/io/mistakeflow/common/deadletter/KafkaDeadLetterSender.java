package io.mistakeflow.common.deadletter;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * A {@link DeadLetterSender} over a plain idempotent producer with the app's own producer settings
 * (bootstrap servers, security, the raised {@code max.request.size}). Opened on the first dead
 * letter: most runs have none. Each send waits for the broker's acknowledgement, so a dead letter
 * that cannot be written fails the caller (and with it the app) instead of vanishing; these are
 * rare records, the wait costs nothing that matters.
 */
public final class KafkaDeadLetterSender implements DeadLetterSender {

    private final Properties streamsConfig;
    private Producer<String, byte[]> producer;

    /** @param streamsConfig the app's Streams configuration */
    public KafkaDeadLetterSender(Properties streamsConfig) {
        this.streamsConfig = streamsConfig;
    }

    @Override
    public synchronized void send(ProducerRecord<String, byte[]> deadLetter) {
        try {
            open().send(deadLetter).get();
        } catch (ExecutionException e) {
            throw new StreamsException("cannot write to " + deadLetter.topic() + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsException("interrupted while writing to " + deadLetter.topic(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    private Producer<String, byte[]> open() {
        if (producer == null) {
            StreamsConfig config = new StreamsConfig(streamsConfig);
            Map<String, Object> settings = config.getProducerConfigs(
                    config.getString(StreamsConfig.APPLICATION_ID_CONFIG) + "-dead-letters");
            settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            // each send is waited for: no batching, and a bounded wait (exactly-once Streams
            // settings would retry for ever) so that an unreachable broker fails the loader
            settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
            producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
