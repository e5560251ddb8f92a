package io.mistakeflow.common.deadletter;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes dead letters where a processor cannot forward them: a global store's loader has no sink
 * (Kafka Streams gives it none). Processors with a sink forward instead, in their task's
 * transaction ({@link io.mistakeflow.common.streams.DeadLetters}).
 */
public interface DeadLetterSender extends AutoCloseable {

    /** Returns once the record is written; throws when it cannot be. */
    void send(ProducerRecord<String, byte[]> deadLetter);

    /** Releases what sending needed; a later {@link #send} opens it again. */
    @Override
    void close();
}
