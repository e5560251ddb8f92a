package io.mistakeflow.analyzer.topology;

import io.mistakeflow.common.Rows;
import io.mistakeflow.common.metrics.PipelineMetrics;
import io.mistakeflow.common.reference.StudentSettings;
import io.mistakeflow.common.streams.DeadLetters;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps each student's settings row next to their mistakes (same partition), for later mistakes. */
final class StudentSettingsProcessor implements Processor<String, byte[], String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(StudentSettingsProcessor.class);

    private final PipelineMetrics metrics;
    private KeyValueStore<String, StudentSettings> settings;
    private DeadLetters deadLetters;

    StudentSettingsProcessor(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        settings = context.getStateStore(AnalyzerTopology.STUDENT_SETTINGS_STORE);
        deadLetters = new DeadLetters(context, AnalyzerTopology.DEAD_LETTER_SINK, metrics);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                settings.delete(record.key());
                LOG.info("Settings of student {} deleted: the default preset applies", record.key());
            }
            return;
        }
        StudentSettings row = deadLetters.readOrReject(record, Rows::studentSettings);
        if (row == null) {
            return;
        }
        settings.put(row.studentId(), row);
        LOG.info("Student {} now uses preset {}", row.studentId(), row.presetName());
    }
}
