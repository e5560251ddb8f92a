package io.mistakeflow.common.streams;

import io.mistakeflow.common.BadRecordException;
import io.mistakeflow.common.Topics;
import io.mistakeflow.common.deadletter.DeadLetter;
import io.mistakeflow.common.deadletter.DeadLetterSender;
import io.mistakeflow.common.metrics.PipelineMetrics;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a rejected input record, untouched, to the dead-letter topic with the reason and its origin
 * in headers, logs one line and counts it ({@link PipelineMetrics#DEAD_LETTERS}, by reason kind and
 * source topic).
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final ProcessingContext context;
    private final Consumer<Record<String, byte[]>> delivery;
    private final PipelineMetrics metrics;

    /** For a processor with a dead-letter sink: the record is forwarded to {@code sinkName}, in the task's transaction. */
    public DeadLetters(ProcessorContext<String, Object> context, String sinkName, PipelineMetrics metrics) {
        this(context, deadLetter -> context.forward(new Record<String, Object>(deadLetter.key(), deadLetter.value(),
                deadLetter.timestamp(), deadLetter.headers()), sinkName), metrics);
    }

    private DeadLetters(ProcessingContext context, Consumer<Record<String, byte[]>> delivery, PipelineMetrics metrics) {
        this.context = context;
        this.delivery = delivery;
        this.metrics = metrics;
    }

    /** For a global store's loader, which cannot forward: {@code sender} writes the record. */
    public static DeadLetters sentBy(ProcessingContext context, DeadLetterSender sender, PipelineMetrics metrics) {
        return new DeadLetters(context, deadLetter -> sender.send(new ProducerRecord<>(Topics.DEAD_LETTER.name(), null,
                deadLetter.timestamp(), deadLetter.key(), deadLetter.value(), deadLetter.headers())), metrics);
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
        delivery.accept(new Record<>(rejected.key(), rejected.value(), rejected.timestamp(),
                DeadLetter.headers(reason, topic, partition, offset, context.applicationId())));
        LOG.warn("Rejected record {}-{}@{} (key {}): {}; sent to the dead-letter topic", topic, partition, offset,
                rejected.key(), reason);
        metrics.deadLettered(context.applicationId(), kind.tag(), topic);
    }
}
