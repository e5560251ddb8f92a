package io.mistakeflow.platform.embedded;

import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * One broker log line that reads as data loss and is not: with transactions v2 (the default of
 * Kafka 4.1) a transactional producer's first batch to a partition may arrive with a sequence
 * other than 0 while the broker holds no state for it yet; the broker rejects it with a retriable
 * {@link OutOfOrderSequenceException} (KAFKA-18202), logs it at ERROR, and the producer's retry
 * succeeds. Exactly that event is dropped; every other line of the logger stays.
 */
final class BrokerLogNoise {

    static final String LOGGER = "kafka.server.ReplicaManager";
    private static final String SIGNATURE = "transactions v2 idempotent producer with no existing state";

    private BrokerLogNoise() {
    }

    static synchronized void silenceRetriedTransactionsV2Sequences() {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return; // another logging backend: nothing to filter
        }
        Configuration configuration = context.getConfiguration();
        LoggerConfig config = configuration.getLoggerConfig(LOGGER);
        if (!config.getName().equals(LOGGER)) {
            // a config of its own, with no level: it takes its parent's
            config = new LoggerConfig(LOGGER, null, true);
            configuration.addLogger(LOGGER, config);
        }
        if (config.getFilter() instanceof RetriedSequenceFilter) {
            return;
        }
        config.addFilter(new RetriedSequenceFilter());
        context.updateLoggers();
    }

    private static final class RetriedSequenceFilter extends AbstractFilter {
        @Override
        public Filter.Result filter(LogEvent event) {
            Throwable thrown = event.getThrown();
            return thrown instanceof OutOfOrderSequenceException && thrown.getMessage() != null
                    && thrown.getMessage().contains(SIGNATURE) ? Filter.Result.DENY : Filter.Result.NEUTRAL;
        }
    }
}
