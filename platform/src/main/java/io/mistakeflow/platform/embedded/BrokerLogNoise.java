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
 * One broker log line that reads as data loss and is not: a produce request rejected with
 * {@link OutOfOrderSequenceException}. With transactions v2 (the default of Kafka 4.1) a
 * transactional producer's first batch to a partition may arrive with a sequence other than 0
 * while the broker holds no state for it yet (KAFKA-18202); on a loaded machine a batch may also
 * arrive behind a retried one ("8 (incoming seq. number), 1 (current end sequence number)"). Either
 * way the broker appends nothing, logs it at ERROR and answers the producer, whose retry succeeds
 * (or, under exactly-once, whose transaction is aborted and reprocessed): nothing is lost or
 * duplicated, which the end-to-end tests check. Exactly that exception is dropped from that logger;
 * every other line stays.
 */
final class BrokerLogNoise {

    static final String LOGGER = "kafka.server.ReplicaManager";

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
            return thrown instanceof OutOfOrderSequenceException ? Filter.Result.DENY : Filter.Result.NEUTRAL;
        }
    }
}
