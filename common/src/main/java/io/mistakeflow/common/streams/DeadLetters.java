package io.mistakeflow.common.streams;

import io.mistakeflow.common.BadRecordException;
import io.mistakeflow.common.deadletter.DeadLetter;
import io.mistakeflow.common.metrics.PipelineMetrics;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a rejected input record, untouched, to the dead-letter sink with the reason and its origin
 * in headers, logs one line and counts it ({@link PipelineMetrics#DEAD_LETTERS}, by reason kind and
 * source topic).
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final ProcessorContext<String, Object> context;
    private final String sinkName;
    private final PipelineMetrics metrics;

    public DeadLetters(ProcessorContext<String, Object> context, String sinkName, PipelineMetrics metrics) {
        this.context = context;
        this.sinkName = sinkName;
        this.metrics = metrics;
    }

    /**
     * The record's value as {@code parser} reads it, or null when it breaks the input contract:
     * then the record has gone to the dead-letter topic with the parser's reason.
     */
    public <T> T readOrReject(Record<String, byte[]> record, Function<byte[], T> parser) {
        try {
            return parser.apply(record.value());
        } catch (BadRecordException e) {
            send(record, e.kind(), e.getMessage());
            return null;
        }
    }

    public void send(Record<String, byte[]> rejected, BadRecordException.Kind kind, String reason) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        LOG.warn("Rejected record {}-{}@{} (key {}): {}; sent to the dead-letter topic", topic, partition, offset,
                rejected.key(), reason);
        metrics.deadLettered(context.applicationId(), kind.tag(), topic);
        context.forward(new Record<String, Object>(rejected.key(), rejected.value(), rejected.timestamp(),
                DeadLetter.headers(reason, topic, partition, offset, context.applicationId())), sinkName);
    }
}
