package io.mistakeflow.common.deadletter;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Keeps the dead letters in memory: for runs without a broker (simulation, benchmark, topology tests). */
public final class CollectedDeadLetters implements DeadLetterSender {

    private final List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();

    @Override
    public synchronized void send(ProducerRecord<String, byte[]> deadLetter) {
        sent.add(deadLetter);
    }

    /** Everything sent so far, in order. */
    public synchronized List<ProducerRecord<String, byte[]>> sent() {
        return List.copyOf(sent);
    }

    @Override
    public void close() {
    }
}
